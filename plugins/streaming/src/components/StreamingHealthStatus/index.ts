export { StreamingHealthStatus } from './StreamingHealthStatus';
export type { StreamingHealthStatusProps } from './StreamingHealthStatus';
