import {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { streamingScaffoldPermission } from '@backstage-streaming/plugin-streaming-common';
import type { StreamingAwsClients } from '@backstage-streaming/plugin-streaming-node';
import type { ScaffolderSettings } from '../config';

/** What every streaming action needs besides its input. */
export interface StreamingActionEnvironment {
  settings: ScaffolderSettings;
  permissions: PermissionsService;
  /** SDK clients with the account's credentials, as the inventory gets them (AwsClientFactory). */
  clients(accountId: string, region: string): Promise<StreamingAwsClients>;
  /** Waits between polls; tests replace it so they do not wait. */
  sleep?(ms: number): Promise<void>;
}

/** Refuses the task unless the user who started it holds `streaming.scaffold`. */
export async function authorizeScaffold(
  ctx: { getInitiatorCredentials(): Promise<any> },
  env: StreamingActionEnvironment,
): Promise<void> {
  const credentials = await ctx.getInitiatorCredentials();
  const [decision] = await env.permissions.authorize(
    [{ permission: streamingScaffoldPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Creating streaming assets needs the ${streamingScaffoldPermission.name} permission; ask your Backstage administrators to grant it to you.`,
    );
  }
}

/** The account and region must be ones the inventory reads (streaming.aws.accounts), so credentials exist and the result shows up. */
export function requireConfiguredTarget(
  env: StreamingActionEnvironment,
  accountId: string,
  region: string,
): void {
  const account = env.settings.accounts.find(a => a.accountId === accountId);
  if (!account) {
    throw new InputError(
      `Account ${accountId} is not in streaming.aws.accounts; use one of ${
        env.settings.accounts.map(a => a.accountId).join(', ') || '(none)'
      } or ask the platform team to add it.`,
    );
  }
  if (!account.regions.includes(region)) {
    throw new InputError(
      `Region ${region} is not configured for account ${accountId} in streaming.aws.accounts; use one of ${account.regions.join(
        ', ',
      )}.`,
    );
  }
}

const defaultSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * Calls `describe` until `done` says the resource is ready, logging progress;
 * stops at the configured time-out or when `failed` names a failure.
 */
export async function pollUntil<T>(options: {
  env: StreamingActionEnvironment;
  what: string;
  describe: () => Promise<T>;
  state: (value: T) => string;
  done: (state: string) => boolean;
  failed: (state: string) => boolean;
  logger: { info(message: string): void };
  signal?: AbortSignal;
}): Promise<T> {
  const { intervalMs, timeoutMs } = options.env.settings.polling;
  const sleep = options.env.sleep ?? defaultSleep;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const value = await options.describe();
    const state = options.state(value);
    if (options.done(state)) return value;
    if (options.failed(state)) {
      throw new Error(`${options.what} ended in state ${state}`);
    }
    const waited = attempt * intervalMs;
    if (waited >= timeoutMs || Date.now() - started >= timeoutMs) {
      throw new Error(
        `${options.what} is still ${state} after ${Math.round(
          timeoutMs / 60_000,
        )} minutes; it keeps being created in AWS, so re-run the task later to pick it up (streaming.scaffolder.polling.timeoutMinutes)`,
      );
    }
    if (options.signal?.aborted) throw new Error('The task was cancelled');
    options.logger.info(
      `${options.what} is ${state}; checking again in ${Math.round(
        intervalMs / 1000,
      )} s`,
    );
    await sleep(intervalMs);
  }
}

/** The AWS console pages of what the actions create (shared with the catalog provider's links). */
export { consoleUrls } from '@backstage-streaming/plugin-streaming-common';

/** The name of an AWS SDK error (its modelled exception), or undefined. */
export function awsErrorName(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}

/**
 * A resource of the same name already exists (a retried step, or a name taken
 * before): reused when its settings are those asked for, so a retry creates
 * nothing twice; otherwise a conflict naming the settings that differ.
 */
export function reuseExisting(options: {
  /** E.g. `An MSK cluster`, `A Flink application`. */
  kind: string;
  /** E.g. `cluster`, `application`, for the log line. */
  noun: string;
  name: string;
  accountId: string;
  region: string;
  arn: string;
  differences: string[];
  logger: LoggerService;
}): string {
  const { kind, noun, name, accountId, region, arn, differences, logger } =
    options;
  if (differences.length > 0) {
    throw new ConflictError(
      `${kind} named ${name} already exists in ${accountId}/${region} with different settings (${differences.join(
        '; ',
      )}); choose another name.`,
    );
  }
  logger.info(`Reusing the existing ${noun} ${arn} (same name and settings)`);
  return arn;
}
