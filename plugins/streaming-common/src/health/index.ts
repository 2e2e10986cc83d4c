export * from './thresholds';
export * from './rules';
