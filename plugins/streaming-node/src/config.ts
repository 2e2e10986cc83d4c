import { Config } from '@backstage/config';
import {
  HealthThresholds,
  resolveHealthThresholds,
  resolvePricing,
  ResolvedPricing,
} from '@backstage-streaming/plugin-streaming-common';
import { DEFAULT_SECRET_KEY_PATTERNS } from './readers/redaction';

/** One AWS account and the regions to read in it. */
export interface StreamingAwsAccount {
  accountId: string;
  regions: string[];
}

/** The `streaming.aws` configuration, validated. */
export interface StreamingAwsConfig {
  accounts: StreamingAwsAccount[];
  /**
   * Endpoint override for every AWS client (the local sandbox). Absent in
   * production, where the SDK resolves the regional endpoints itself.
   */
  endpoint?: string;
  /** Parallel AWS calls per account and region. */
  maxConcurrency: number;
  /** Time-out of one AWS HTTP request. */
  requestTimeoutMs: number;
  /** Attempts per call, retries included (the SDK's adaptive retry mode backs off on throttling). */
  maxAttempts: number;
  /** Flink runtime properties whose key contains one of these are redacted before storage. */
  secretKeyPatterns: string[];
  /**
   * Requests per second by AWS operation name, replacing the built-in figures
   * of DEFAULT_REQUESTS_PER_SECOND (0: not paced). For accounts whose quotas
   * AWS raised, or lowered ones.
   */
  requestsPerSecond: Record<string, number>;
}

const ACCOUNT_ID = /^\d{12}$/;
// Commercial, China and GovCloud region names, e.g. us-east-1, cn-north-1, us-gov-west-1.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * Reads and validates `streaming.aws`. Throws an Error naming the key to fix,
 * so a misconfigured backend stops at start-up rather than at the first refresh.
 */
export function readStreamingAwsConfig(rootConfig: Config): StreamingAwsConfig {
  const aws = rootConfig.getOptionalConfig('streaming.aws');
  const accounts: StreamingAwsAccount[] = [];
  const seen = new Set<string>();
  (aws?.getOptionalConfigArray('accounts') ?? []).forEach((account, index) => {
    const where = `streaming.aws.accounts[${index}]`;
    const accountId = String(account.getOptional('accountId') ?? '');
    if (!ACCOUNT_ID.test(accountId)) {
      throw new Error(
        `${where}.accountId must be a 12-digit AWS account id, got '${accountId}'`,
      );
    }
    if (seen.has(accountId)) {
      throw new Error(
        `${where}.accountId ${accountId} is listed twice; list each account once with all its regions`,
      );
    }
    seen.add(accountId);
    const regions = account.getOptionalStringArray('regions') ?? [];
    if (regions.length === 0) {
      throw new Error(
        `${where}.regions must list at least one region, e.g. [us-east-1]`,
      );
    }
    for (const region of regions) {
      if (!REGION.test(region)) {
        throw new Error(
          `${where}.regions contains '${region}', which is not an AWS region name such as us-east-1`,
        );
      }
    }
    accounts.push({ accountId, regions: [...new Set(regions)] });
  });

  const endpoint = aws?.getOptionalString('endpoint');
  if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol)) {
      throw new Error(
        `streaming.aws.endpoint must be an http(s) URL such as http://localhost:4566, got '${endpoint}'`,
      );
    }
  }

  return {
    accounts,
    endpoint,
    maxConcurrency: positiveInteger(aws, 'maxConcurrency', 4),
    requestTimeoutMs: positiveInteger(aws, 'requestTimeoutMs', 10_000),
    maxAttempts: positiveInteger(aws, 'maxAttempts', 4),
    secretKeyPatterns:
      rootConfig.getOptionalStringArray(
        'streaming.redaction.secretKeyPatterns',
      ) ?? DEFAULT_SECRET_KEY_PATTERNS,
    requestsPerSecond: readRequestsPerSecond(aws),
  };
}

function readRequestsPerSecond(
  aws: Config | undefined,
): Record<string, number> {
  const rates = aws?.getOptionalConfig('requestsPerSecond');
  const result: Record<string, number> = {};
  for (const operation of rates?.keys() ?? []) {
    const value = rates!.getOptional(operation);
    if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
      throw new Error(
        `streaming.aws.requestsPerSecond.${operation} must be a number of requests per second, 0 or more (0: not paced), got ${JSON.stringify(
          value,
        )}`,
      );
    }
    result[operation] = value;
  }
  return result;
}

function positiveInteger(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `streaming.aws.${key} must be a whole number of 1 or more, got ${value}`,
    );
  }
  return value;
}

/**
 * `streaming.pricing`, resolved onto the built-in price tables. The backend's
 * estimates and the scaffolder's price-before-creation both read it here, so a
 * proposed asset is priced exactly like the estate. Read as one object:
 * instance-type keys contain dots, which config paths cannot address.
 */
export function readStreamingPricing(rootConfig: Config): ResolvedPricing {
  try {
    return resolvePricing(rootConfig.getOptional('streaming.pricing'));
  } catch (error) {
    throw new Error(
      `Invalid streaming configuration: ${(error as Error).message}`,
    );
  }
}

/**
 * The health thresholds with `streaming.health.<key>` overrides. The health
 * rules and the scaffolder's recommended alarms both read them here, so an
 * alarm fires where the service page turns amber or red.
 */
export function readHealthThresholds(rootConfig: Config): HealthThresholds {
  const health = rootConfig.getOptionalConfig('streaming.health');
  const overrides: Partial<HealthThresholds> = {};
  for (const key of health?.keys() ?? []) {
    overrides[key as keyof HealthThresholds] = health!.getNumber(key);
  }
  return resolveHealthThresholds(overrides);
}
