import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { CatalogFeedClient } from './client/CatalogFeedClient';
import { streamingCatalogTransformsExtensionPoint } from './extensions';
import { readStreamingProviderConfig } from './provider/config';
import {
  StreamingEntityProvider,
  StreamingEntityTransform,
} from './provider/StreamingEntityProvider';
import { StreamingRelationsProcessor } from './processor/StreamingRelationsProcessor';

/**
 * The streaming entity provider and relations processor, when
 * catalog.providers.streaming is configured; wiring only.
 */
export const catalogModuleStreaming = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'streaming',
  register(reg) {
    const transforms: StreamingEntityTransform[] = [];
    reg.registerExtensionPoint(streamingCatalogTransformsExtensionPoint, {
      addTransform: transform => {
        transforms.push(transform);
      },
    });
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        processing: catalogProcessingExtensionPoint,
      },
      async init({ config, logger, scheduler, discovery, auth, processing }) {
        const settings = readStreamingProviderConfig(config);
        if (!settings) {
          logger.info(
            'catalog.providers.streaming is not configured: no streaming entities',
          );
          return;
        }
        const feed = new CatalogFeedClient(discovery, auth);
        processing.addEntityProvider(
          StreamingEntityProvider.fromConfig(config, {
            logger,
            scheduler,
            discovery,
            auth,
            transforms,
            feed,
          })!,
        );
        processing.addProcessor(
          new StreamingRelationsProcessor({
            feed,
            logger,
            assetTypes: settings.assetTypes,
          }),
        );
      },
    });
  },
});
