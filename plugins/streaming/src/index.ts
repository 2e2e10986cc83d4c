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
  StreamingEstatePage,
  EntityGroupStreamingCard,
  StreamingCostEstimateFieldExtension,
  StreamingClusterPickerFieldExtension,
} from './plugin';
export { estatePageRouteRef } from './routes';
export { isStreamingAvailable } from './conditions';
export {
  streamingApiRef,
  streamingScaffolderApiRef,
  StreamingClient,
} from './api';
export type {
  CostHistoryRequest,
  EstateCsvFile,
  EstateCsvRequest,
  MetricSeriesRequest,
  SavingsRequest,
  StreamingApi,
  StreamingScaffolderApi,
} from './api';
export { StreamingHealthStatus } from './components';
export type { StreamingHealthStatusProps } from './components';
