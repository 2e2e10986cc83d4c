export { StreamingOverviewCard } from './StreamingOverviewCard';
