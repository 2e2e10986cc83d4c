import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { AwsClientFactory } from '@backstage-streaming/plugin-streaming-node';
import { readScaffolderSettings } from './config';
import { StreamingActionEnvironment } from './actions/environment';
import { createMskClusterCreateAction } from './actions/mskClusterCreate';
import { createMskTopicCreateAction } from './actions/mskTopicCreate';
import { createFlinkApplicationCreateAction } from './actions/flinkApplicationCreate';
import { createRecommendedAlarmsCreateAction } from './actions/recommendedAlarmsCreate';

/** Registers the streaming scaffolder actions; wiring only. */
export const scaffolderModuleStreaming = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'streaming',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        permissions: coreServices.permissions,
        scaffolderActions: scaffolderActionsExtensionPoint,
      },
      async init({ config, permissions, scaffolderActions }) {
        const factory = AwsClientFactory.fromConfig(config);
        const env: StreamingActionEnvironment = {
          settings: readScaffolderSettings(config),
          permissions,
          clients: (accountId, region) => factory.create(accountId, region),
        };
        scaffolderActions.addActions(
          createMskClusterCreateAction(env),
          createMskTopicCreateAction(env),
          createFlinkApplicationCreateAction(env),
          createRecommendedAlarmsCreateAction(env),
        );
      },
    });
  },
});
