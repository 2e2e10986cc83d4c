import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * Demo only: lets the scaffolder register the catalog-info.yaml files its
 * templates write under .data/ as `file` locations. A real installation
 * publishes to a repository and registers a `url` location instead.
 */
export const catalogModuleDemoFileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'demo-file-locations',
  register(reg) {
    reg.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});
