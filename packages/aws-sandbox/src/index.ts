/**
 * A local AWS endpoint for MSK, Managed Service for Apache Flink and
 * CloudWatch that answers the real SDK v3 clients from a scenario file.
 *
 * @packageDocumentation
 */

export { startSandbox } from './server';
export type { Sandbox, SandboxOptions, RequestLogEntry } from './server';
export { loadScenario, parseScenario, ScenarioError } from './scenario';
export type {
  Scenario,
  ScenarioInput,
  Account,
  Region,
  Cluster,
  Topic,
  FlinkApplication,
  FlinkOperation,
  MetricSeries,
  Fault,
} from './scenario';
export { OPERATIONS } from './operations';
export { RATE_LIMITS } from './faults';
export type { EstateFaultsInput, RateLimit } from './faults';
export type { ServiceName } from './operations';
