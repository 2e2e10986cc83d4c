/**
 * The streaming plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
import { streamingPlugin } from './alpha/plugin';

export default streamingPlugin;
