import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/** `streaming.priceList`: where and how often list prices are read. */
export interface PriceListSettings {
  enabled: boolean;
  /** Whose credentials call the API (any configured account may); the first configured account by default. */
  accountId: string | null;
  /** us-east-1 (default) or ap-south-1: the regions AWS serves the Price List Query API from. */
  apiRegion: 'us-east-1' | 'ap-south-1';
  /** Regions priced besides the configured accounts' regions. */
  extraRegions: string[];
  schedule: SchedulerServiceTaskScheduleDefinition;
}

/** `streaming.costExplorer`: the actual bill beside the estimate. */
export interface CostExplorerSettings {
  enabled: boolean;
  /** Payer (management) accounts whose Cost Explorer covers the configured accounts. */
  payerAccountIds: string[];
  /** The cost-allocation tag key the owner roll-up groups by (default: the first of streaming.ownership.tagKeys). */
  tagKey: string;
  /** Read per-resource costs (GetCostAndUsageWithResources; needs resource-level data enabled). */
  resourceLevel: boolean;
  /** Cost Explorer charges per request: at most this many a day per payer account. */
  maxRequestsPerDay: number;
  /** Actual and estimate differing by more than this % get a reason in words. */
  differenceThresholdPercent: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

const DAILY: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 24 },
  timeout: { minutes: 10 },
  // Soon after start-up, so a first start (or a restart after a failed read) has prices.
  initialDelay: { seconds: 5 },
};

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;

function readSchedule(
  config: Config | undefined,
  path: string,
): SchedulerServiceTaskScheduleDefinition {
  if (!config) return DAILY;
  try {
    return {
      ...DAILY,
      ...readSchedulerServiceTaskScheduleDefinitionFromConfig(config),
    };
  } catch (error) {
    throw new Error(`${path} is invalid: ${(error as Error).message}`);
  }
}

export function readPriceListSettings(config: Config): PriceListSettings {
  const root = config.getOptionalConfig('streaming.priceList');
  const apiRegion = root?.getOptionalString('apiRegion') ?? 'us-east-1';
  if (apiRegion !== 'us-east-1' && apiRegion !== 'ap-south-1') {
    throw new Error(
      `streaming.priceList.apiRegion must be us-east-1 or ap-south-1 (the regions AWS serves the Price List Query API from), got '${apiRegion}'`,
    );
  }
  const extraRegions = root?.getOptionalStringArray('regions') ?? [];
  for (const region of extraRegions) {
    if (!REGION.test(region)) {
      throw new Error(
        `streaming.priceList.regions: '${region}' is not an AWS region name such as eu-central-1`,
      );
    }
  }
  const accountId =
    root?.getOptionalString('accountId') ??
    config
      .getOptionalConfigArray('streaming.aws.accounts')?.[0]
      ?.getOptionalString('accountId') ??
    null;
  if (accountId !== null && !ACCOUNT.test(accountId)) {
    throw new Error(
      `streaming.priceList.accountId must be a 12-digit account id, got '${accountId}'`,
    );
  }
  return {
    enabled: root?.getOptionalBoolean('enabled') ?? true,
    accountId,
    apiRegion,
    extraRegions,
    schedule: readSchedule(
      root?.getOptionalConfig('schedule'),
      'streaming.priceList.schedule',
    ),
  };
}

export function readCostExplorerSettings(
  config: Config,
  ownershipTagKeys: string[],
): CostExplorerSettings {
  const root = config.getOptionalConfig('streaming.costExplorer');
  const enabled = root?.getOptionalBoolean('enabled') ?? false;
  const payerAccountIds = root?.getOptionalStringArray('payerAccountIds') ?? [];
  for (const id of payerAccountIds) {
    if (!ACCOUNT.test(id)) {
      throw new Error(
        `streaming.costExplorer.payerAccountIds: '${id}' is not a 12-digit account id`,
      );
    }
  }
  if (enabled && payerAccountIds.length === 0) {
    throw new Error(
      'streaming.costExplorer.payerAccountIds must list the payer (management) account(s) when streaming.costExplorer.enabled is true',
    );
  }
  const maxRequestsPerDay = root?.getOptionalNumber('maxRequestsPerDay') ?? 20;
  if (!Number.isInteger(maxRequestsPerDay) || maxRequestsPerDay < 1) {
    throw new Error(
      `streaming.costExplorer.maxRequestsPerDay must be a whole number of 1 or more, got ${maxRequestsPerDay}`,
    );
  }
  const threshold = root?.getOptionalNumber('differenceThresholdPercent') ?? 10;
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new Error(
      `streaming.costExplorer.differenceThresholdPercent must be a number of 0 or more, got ${threshold}`,
    );
  }
  return {
    enabled,
    payerAccountIds,
    tagKey: root?.getOptionalString('tagKey') ?? ownershipTagKeys[0] ?? 'owner',
    resourceLevel: root?.getOptionalBoolean('resourceLevel') ?? false,
    maxRequestsPerDay,
    differenceThresholdPercent: threshold,
    schedule: readSchedule(
      root?.getOptionalConfig('schedule'),
      'streaming.costExplorer.schedule',
    ),
  };
}
