export { StreamingContent } from './StreamingContent';
