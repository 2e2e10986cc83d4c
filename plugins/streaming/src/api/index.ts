export { streamingApiRef } from './StreamingApi';
export type { StreamingApi } from './StreamingApi';
export { StreamingClient } from './StreamingClient';
