import {
  coreServices,
  createServiceFactory,
  LoggerService,
  RootLoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Server } from 'node:http';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { resolve } from 'node:path';
import { inspect } from 'node:util';
import { streamingPlugin } from '../plugin';
import {
  AccountRegion,
  accountRegionTaskId,
} from '../service/accountRegionTasks';
import { REFRESH_TASK_ID, SLOW_METRICS_TASK_ID } from '../service/refreshTasks';

export const DEMO_SCENARIO = resolve(
  __dirname,
  '../../../../examples/sandbox/demo.yaml',
);

/** The demo scenario's accounts, keys and regions (examples/sandbox/demo.yaml). */
export const DEMO_ACCOUNTS = [
  {
    accountId: '111111111111',
    accessKeyId: 'AKIASANDBOX111111111',
    secretAccessKey: 'sandbox-secret-111',
    regions: ['us-east-1', 'eu-west-1', 'us-west-2'],
  },
  {
    accountId: '222222222222',
    accessKeyId: 'AKIASANDBOX222222222',
    secretAccessKey: 'sandbox-secret-222',
    regions: ['us-east-1'],
  },
];

export const DEMO_TARGETS = DEMO_ACCOUNTS.flatMap(a =>
  a.regions.map(region => ({ accountId: a.accountId, region })),
);

/** A logger that keeps every line (time, level, message, meta and fields), so a test can grep them. */
class CapturingLogger implements RootLoggerService {
  constructor(
    private readonly lines: string[],
    private readonly fields: Record<string, unknown> = {},
  ) {}

  error(message: string, meta?: Error | Record<string, unknown>) {
    this.push('error', message, meta);
  }
  warn(message: string, meta?: Error | Record<string, unknown>) {
    this.push('warn', message, meta);
  }
  info(message: string, meta?: Error | Record<string, unknown>) {
    this.push('info', message, meta);
  }
  debug(message: string, meta?: Error | Record<string, unknown>) {
    this.push('debug', message, meta);
  }
  child(fields: Record<string, unknown>): LoggerService {
    return new CapturingLogger(this.lines, { ...this.fields, ...fields });
  }
  private push(level: string, message: string, meta: unknown) {
    this.lines.push(
      `${new Date().toISOString()} ${level} ${message}${
        meta ? ` ${inspect(meta, { depth: 6 })}` : ''
      } ${JSON.stringify(this.fields)}`,
    );
  }
}

/** Root and plugin loggers writing into `lines`. */
export function capturingLoggers(lines: string[]) {
  const root = new CapturingLogger(lines);
  return [
    createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => root,
    }),
    createServiceFactory({
      service: coreServices.logger,
      deps: { plugin: coreServices.pluginMetadata },
      factory: ({ plugin }) => root.child({ plugin: plugin.getId() }),
    }),
  ];
}

/** The backend's configuration for the demo sandbox at `endpoint`. */
export function sandboxBackendConfig(
  endpoint: string,
  aws: Record<string, unknown> = {},
) {
  return {
    aws: {
      accounts: DEMO_ACCOUNTS.map(a => ({
        accountId: a.accountId,
        accessKeyId: a.accessKeyId,
        secretAccessKey: a.secretAccessKey,
      })),
    },
    streaming: {
      aws: {
        endpoint,
        maxAttempts: 2,
        requestTimeoutMs: 3000,
        accounts: DEMO_ACCOUNTS.map(a => ({
          accountId: a.accountId,
          regions: a.regions,
        })),
        ...aws,
      },
    },
  };
}

function withStreaming(
  config: ReturnType<typeof sandboxBackendConfig>,
  streaming: Record<string, unknown> = {},
) {
  return { ...config, streaming: { ...config.streaming, ...streaming } };
}

/**
 * The streaming backend against a sandbox, tasks run only when the test
 * triggers them (the mock scheduler runs a triggered task to its end).
 */
/**
 * Backstage's mock scheduler, with tasks that run only when a test triggers
 * them (`scheduler.triggerTask`), and its service factory for the backend.
 */
export function manuallyTriggeredScheduler() {
  const scheduler = mockServices.scheduler();
  const schedulerFactory = (
    scheduler as unknown as {
      factory: typeof mockServices.scheduler.factory;
    }
  ).factory({ skipTaskRunOnStartup: true });
  return { scheduler, schedulerFactory };
}

export interface SandboxBackend {
  server: Server;
  scheduler: SchedulerService;
  /** Every account-region's inventory task, at once, to their end. */
  refresh(targets?: AccountRegion[]): Promise<unknown>;
  /** Every account-region's slow-metrics task, at once, to their end. */
  slowMetrics(targets?: AccountRegion[]): Promise<unknown>;
}

export async function startSandboxBackend(options: {
  endpoint: string;
  entities?: Entity[];
  /** Over `streaming.aws` (e.g. the accounts and regions to read). */
  aws?: Record<string, unknown>;
  /** Over the rest of `streaming` (e.g. `pricing`). */
  streaming?: Record<string, unknown>;
  logLines?: string[];
}): Promise<SandboxBackend> {
  const { scheduler, schedulerFactory } = manuallyTriggeredScheduler();
  const { server } = await startTestBackend({
    features: [
      streamingPlugin,
      catalogServiceMock.factory({ entities: options.entities ?? [] }),
      schedulerFactory,
      mockServices.rootConfig.factory({
        data: withStreaming(
          sandboxBackendConfig(options.endpoint, options.aws),
          options.streaming,
        ),
      }),
      ...(options.logLines ? capturingLoggers(options.logLines) : []),
    ],
  });
  const runAll = (taskId: string, targets = DEMO_TARGETS) =>
    Promise.all(
      targets.map(t => scheduler.triggerTask(accountRegionTaskId(taskId, t))),
    );
  return {
    server,
    scheduler,
    refresh: (targets = DEMO_TARGETS) => runAll(REFRESH_TASK_ID, targets),
    slowMetrics: (targets = DEMO_TARGETS) =>
      runAll(SLOW_METRICS_TASK_ID, targets),
  };
}
