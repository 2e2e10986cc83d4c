export { streamingApiRef } from './StreamingApi';
export type {
  CostHistoryRequest,
  EstateCsvFile,
  EstateCsvRequest,
  MetricSeriesRequest,
  SavingsRequest,
  StreamingApi,
} from './StreamingApi';
export { StreamingClient } from './StreamingClient';
export { streamingScaffolderApiRef } from './StreamingScaffolderApi';
export type { StreamingScaffolderApi } from './StreamingScaffolderApi';
