/**
 * Types, annotations, permissions and pure rules shared by the Backstage
 * Streaming plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './arn';
export * from './schema';
export * from './costSchema';
export * from './scaffolderSchema';
export * from './estateSchema';
export * from './permissions';
export * from './ranges';
export * from './health';
export * from './cost';
export * from './metrics';
export * from './catalog';
export * from './consoleUrls';
export * from './billingSchema';
export * from './entityAnswerPacking';
