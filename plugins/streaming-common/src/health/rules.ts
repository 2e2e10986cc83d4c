/**
 * The health rules, one module per asset kind: a finding on the page comes
 * from the module of its asset's kind, its thresholds from thresholds.ts.
 */
export { toHealth, worstStatus } from './shared';
export * from './kafkaCluster';
export * from './kafkaTopic';
export * from './consumerGroup';
export * from './flinkApplication';
