export { streamingApiRef } from './StreamingApi';
export type { MetricSeriesRequest, StreamingApi } from './StreamingApi';
export { StreamingClient } from './StreamingClient';
export { streamingScaffolderApiRef } from './StreamingScaffolderApi';
export type { StreamingScaffolderApi } from './StreamingScaffolderApi';
