/**
 * Backstage Streaming backend plugin: inventory refresh, persistence and the
 * REST API for Amazon MSK and Managed Service for Apache Flink.
 *
 * @packageDocumentation
 */
export { streamingPlugin as default } from './plugin';
