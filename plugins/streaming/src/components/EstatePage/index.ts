export { EstateContent } from './EstateContent';
export { StreamingEstatePage } from './StreamingEstatePage';
