export { GroupStreamingCard } from './GroupStreamingCard';
