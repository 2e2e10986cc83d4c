import { createBackend } from '@backstage/backend-defaults';
import { catalogModuleDemoFileLocations } from './demo/catalogFileLocationsModule';
import { scaffolderModuleDemoPublish } from './demo/publishFileLocationAction';
import { streamingPermissionPolicyModule } from './permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: guest in development only (app-config.production.yaml configures none).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Backstage Streaming: clusters, topics, consumer groups and Flink applications as
// Resource entities, and the relations of the entities attaching them (docs/catalog.md)
backend.add(
  import('@backstage-streaming/plugin-catalog-backend-module-streaming'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));
// Backstage Streaming: create MSK clusters, topics, Flink applications and alarms from templates
backend.add(
  import('@backstage-streaming/plugin-scaffolder-backend-module-streaming'),
);
// Demo only: templates write catalog-info.yaml under .data/ and register it as a file location.
backend.add(catalogModuleDemoFileLocations);
backend.add(scaffolderModuleDemoPublish);

// Backstage Streaming: MSK and Managed Flink inventory and API
backend.add(import('@backstage-streaming/plugin-streaming-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
// Owners read their streaming assets, the platform team reads everything (docs/permissions.md).
backend.add(streamingPermissionPolicyModule);

backend.start();
