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
