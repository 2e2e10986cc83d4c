/**
 * Amazon MSK and Managed Service for Apache Flink on Backstage catalog
 * entities (legacy frontend system; see `./alpha` for the new one).
 *
 * @packageDocumentation
 */
export {
  streamingPlugin,
  EntityStreamingOverviewCard,
  EntityStreamingContent,
  StreamingCostEstimateFieldExtension,
  StreamingClusterPickerFieldExtension,
} from './plugin';
export { isStreamingAvailable } from './conditions';
export {
  streamingApiRef,
  streamingScaffolderApiRef,
  StreamingClient,
} from './api';
export type {
  MetricSeriesRequest,
  StreamingApi,
  StreamingScaffolderApi,
} from './api';
export { StreamingHealthStatus } from './components';
export type { StreamingHealthStatusProps } from './components';
