export { StreamingHealthStatus } from './StreamingHealthStatus';
export type { StreamingHealthStatusProps } from './StreamingHealthStatus';
export { StreamingOverviewCard } from './StreamingOverviewCard';
export { StreamingContent } from './StreamingContent';
