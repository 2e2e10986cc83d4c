/**
 * Scaffolder actions that create Amazon MSK clusters and topics, Managed Flink
 * applications and their recommended CloudWatch alarms, with best-practice
 * defaults, guardrails and a price before creation.
 *
 * @packageDocumentation
 */
export { scaffolderModuleStreaming as default } from './module';
export { createMskClusterCreateAction } from './actions/mskClusterCreate';
export { createMskTopicCreateAction } from './actions/mskTopicCreate';
export { createFlinkApplicationCreateAction } from './actions/flinkApplicationCreate';
export { createRecommendedAlarmsCreateAction } from './actions/recommendedAlarmsCreate';
export type { StreamingActionEnvironment } from './actions/environment';
export { readScaffolderSettings } from './config';
export type { ScaffolderSettings, ScaffolderNetwork } from './config';
