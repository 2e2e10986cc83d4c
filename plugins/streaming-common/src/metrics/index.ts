export * from './table';
export * from './values';
