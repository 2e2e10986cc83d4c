/**
 * Types, annotations, permissions and pure rules shared by the Backstage
 * Streaming plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './arn';
export * from './schema';
export * from './permissions';
export * from './health';
