import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ChargebackModel,
  checkChargebackModel,
  DEFAULT_CHARGEBACK_MODEL,
  DEFAULT_INTERNAL_TOPIC_PATTERN,
  HealthThresholds,
  resolveKpuLimit,
  ResolvedPricing,
} from '@backstage-streaming/plugin-streaming-common';
import {
  readHealthThresholds,
  readStreamingPricing,
} from '@backstage-streaming/plugin-streaming-node';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { OwnershipSettings } from './toAssets';
import {
  CostExplorerSettings,
  PriceListSettings,
  readCostExplorerSettings,
  readPriceListSettings,
} from './billingConfig';

export interface StreamingBackendConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  thresholds: HealthThresholds;
  ownership: OwnershipSettings;
  /** Gone assets are deleted this many days after they were last seen. */
  purgeGoneAfterDays: number;
  /** A manual refresh within this many seconds of the last one is not started again. */
  refreshDebounceSeconds: number;
  /** DescribeTopic calls per account-region per refresh (streaming.refresh.maxTopicDescribes); 0: no limit. */
  maxTopicDescribes: number;
  /** The slower refresh of per-topic, per-consumer-group and hourly metrics. */
  slowSchedule: SchedulerServiceTaskScheduleDefinition;
  /** Cap on CloudWatch series one refresh requests. */
  maxSeriesPerRefresh: number;
  /** Whole hours cost's throughput is averaged over (1 to 168). */
  throughputWindowHours: number;
  /** Chart requests per user: a burst of `requests`, refilled over `perSeconds`. */
  rateLimit: { requests: number; perSeconds: number };
  pricing: ResolvedPricing;
  /** streaming.priceList: list prices from the AWS Price List API. */
  priceList: PriceListSettings;
  /** streaming.costExplorer: the actual bill beside the estimate. */
  costExplorer: CostExplorerSettings;
  kpuLimit: number;
  /** Topics matching it are the cluster's platform overhead in chargeback, not a team's share. */
  internalTopicPattern: RegExp;
  /** How shared clusters' fixed cost is split across topics (streaming.chargeback.model). */
  chargebackModel: ChargebackModel;
  /** Days of daily cost history kept (streaming.history.retentionDays). */
  historyRetentionDays: number;
  /** Days of history reconstructed from CloudWatch on first start (streaming.history.backfillDays). */
  historyBackfillDays: number;
  /** Seconds an entity's annotations stay resolved to ARNs (0 to 30; 0 turns the cache off). */
  entityCacheTtlSeconds: number;
}

const DEFAULT_SLOW_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 30 },
};

/** Seconds between runs of a schedule, when its frequency is a duration (not cron). */
export function frequencySeconds(
  schedule: SchedulerServiceTaskScheduleDefinition,
): number | null {
  const frequency = schedule.frequency as Record<string, unknown>;
  if ('cron' in frequency || 'trigger' in frequency) return null;
  const seconds: Record<string, number> = {
    years: 31_536_000,
    months: 2_628_000,
    weeks: 604_800,
    days: 86_400,
    hours: 3_600,
    minutes: 60,
    seconds: 1,
    milliseconds: 0.001,
  };
  let total = 0;
  for (const [unit, amount] of Object.entries(frequency)) {
    if (typeof amount === 'number' && seconds[unit])
      total += amount * seconds[unit];
  }
  return total > 0 ? total : null;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 15 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 5 },
};

/** Reads `streaming.*` (besides `streaming.aws`, read by streaming-node); throws naming the key to fix. */
export function readStreamingBackendConfig(
  config: Config,
): StreamingBackendConfig {
  const refresh = config.getOptionalConfig('streaming.refresh');
  let schedule = DEFAULT_SCHEDULE;
  if (refresh?.has('frequency') || refresh?.has('timeout')) {
    try {
      schedule = {
        ...DEFAULT_SCHEDULE,
        ...readSchedulerServiceTaskScheduleDefinitionFromConfig(refresh),
      };
    } catch (error) {
      throw new Error(
        `streaming.refresh is invalid: ${(error as Error).message}`,
      );
    }
  }
  const tagKeys = config.getOptionalStringArray(
    'streaming.ownership.tagKeys',
  ) ?? ['owner', 'team'];
  const mapping = config.getOptionalConfig('streaming.ownership.groupMapping');
  const groupMapping: Record<string, string> = {};
  for (const value of mapping?.keys() ?? []) {
    const ref = mapping!.getString(value);
    try {
      groupMapping[value] = stringifyEntityRef(
        parseEntityRef(ref, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      throw new Error(
        `streaming.ownership.groupMapping.${value} must be a group entity ref such as group:default/team-a, got '${ref}'`,
      );
    }
  }
  const metrics = config.getOptionalConfig('streaming.metrics');
  let slowSchedule = DEFAULT_SLOW_SCHEDULE;
  const slow = metrics?.getOptionalConfig('slowRefresh');
  if (slow) {
    try {
      slowSchedule = {
        ...DEFAULT_SLOW_SCHEDULE,
        ...readSchedulerServiceTaskScheduleDefinitionFromConfig(slow),
      };
    } catch (error) {
      throw new Error(
        `streaming.metrics.slowRefresh is invalid: ${(error as Error).message}`,
      );
    }
  }
  const requests = nonNegative(
    config,
    'streaming.metrics.rateLimit.requests',
    60,
  );
  const perSeconds = nonNegative(
    config,
    'streaming.metrics.rateLimit.perSeconds',
    60,
  );
  if (requests < 1 || perSeconds <= 0) {
    throw new Error(
      'streaming.metrics.rateLimit needs requests ≥ 1 and perSeconds > 0',
    );
  }
  const throughputWindowHours =
    metrics?.getOptionalNumber('throughputWindowHours') ?? 1;
  if (
    !Number.isInteger(throughputWindowHours) ||
    throughputWindowHours < 1 ||
    throughputWindowHours > 168
  ) {
    throw new Error(
      `streaming.metrics.throughputWindowHours must be a whole number of hours from 1 to 168, got ${throughputWindowHours}`,
    );
  }
  const pricing: ResolvedPricing = readStreamingPricing(config);
  let kpuLimit: number;
  try {
    kpuLimit = resolveKpuLimit(config.getOptional('streaming.flink.kpuLimit'));
  } catch (error) {
    throw new Error(
      `Invalid streaming configuration: ${(error as Error).message}`,
    );
  }
  return {
    pricing,
    priceList: readPriceListSettings(config),
    costExplorer: readCostExplorerSettings(config, tagKeys),
    kpuLimit,
    internalTopicPattern: readInternalTopicPattern(config),
    chargebackModel: readChargebackModel(config),
    ...readHistorySettings(config),
    schedule,
    slowSchedule,
    maxSeriesPerRefresh: nonNegative(
      config,
      'streaming.metrics.maxSeriesPerRefresh',
      5000,
    ),
    throughputWindowHours,
    rateLimit: { requests, perSeconds },
    thresholds: readHealthThresholds(config),
    ownership: { tagKeys, groupMapping },
    purgeGoneAfterDays: nonNegative(
      config,
      'streaming.inventory.purgeGoneAfterDays',
      7,
    ),
    refreshDebounceSeconds: nonNegative(
      config,
      'streaming.refresh.debounceSeconds',
      60,
    ),
    maxTopicDescribes: readMaxTopicDescribes(config),
    entityCacheTtlSeconds: readEntityCacheTtl(config),
  };
}

/**
 * 400 by default: about 40 s of DescribeTopic at the assumed MSK quota of 10
 * per second, so a first refresh of an account-region with thousands of
 * topics still ends within a minute; later refreshes describe the rest.
 */
export const DEFAULT_MAX_TOPIC_DESCRIBES = 400;

function readMaxTopicDescribes(config: Config): number {
  const value = config.getOptionalNumber('streaming.refresh.maxTopicDescribes');
  if (value === undefined) return DEFAULT_MAX_TOPIC_DESCRIBES;
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(
      `streaming.refresh.maxTopicDescribes must be a whole number of 0 or more (0: no limit), got ${value}`,
    );
  }
  return value;
}

const ENTITY_CACHE_TTL_KEY = 'streaming.entityCache.ttlSeconds';

/** At most 30 s: no page may show a resolution older than that. */
function readEntityCacheTtl(config: Config): number {
  const ttl = nonNegative(config, ENTITY_CACHE_TTL_KEY, 15);
  if (ttl > 30) {
    throw new Error(`${ENTITY_CACHE_TTL_KEY} must be 30 or less, got ${ttl}`);
  }
  return ttl;
}

const INTERNAL_TOPIC_PATTERN_KEY = 'streaming.chargeback.internalTopicPattern';

function readInternalTopicPattern(config: Config): RegExp {
  const source =
    config.getOptionalString(INTERNAL_TOPIC_PATTERN_KEY) ??
    DEFAULT_INTERNAL_TOPIC_PATTERN;
  try {
    return new RegExp(source);
  } catch (error) {
    throw new Error(
      `${INTERNAL_TOPIC_PATTERN_KEY} is not a valid regular expression: ${
        (error as Error).message
      }`,
    );
  }
}

function readChargebackModel(config: Config): ChargebackModel {
  const key = 'streaming.chargeback.model';
  const model = config.getOptionalConfig(key);
  if (!model) return DEFAULT_CHARGEBACK_MODEL;
  return checkChargebackModel(
    {
      partitionsShare: model.getOptional('partitionsShare'),
      bytesShare: model.getOptional('bytesShare'),
    },
    key,
  );
}

/** CloudWatch keeps hourly datapoints for 455 days: a backfill cannot reach further. */
const MAX_BACKFILL_DAYS = 455;

function readHistorySettings(config: Config) {
  const historyRetentionDays = nonNegative(
    config,
    'streaming.history.retentionDays',
    400,
  );
  const historyBackfillDays = nonNegative(
    config,
    'streaming.history.backfillDays',
    90,
  );
  for (const [key, value, max] of [
    ['streaming.history.retentionDays', historyRetentionDays, Infinity],
    ['streaming.history.backfillDays', historyBackfillDays, MAX_BACKFILL_DAYS],
  ] as const) {
    if (!Number.isInteger(value) || value > max) {
      throw new Error(
        `${key} must be a whole number of days${
          max === Infinity ? '' : ` from 0 to ${max}`
        }, got ${value}`,
      );
    }
  }
  if (historyRetentionDays < 1) {
    throw new Error(
      `streaming.history.retentionDays must be at least 1 day, got ${historyRetentionDays}`,
    );
  }
  return { historyRetentionDays, historyBackfillDays };
}

function nonNegative(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${key} must be a number of 0 or more, got ${value}`);
  }
  return value;
}
