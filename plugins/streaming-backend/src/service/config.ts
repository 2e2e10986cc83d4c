import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  HealthThresholds,
  resolveHealthThresholds,
} from '@backstage-streaming/plugin-streaming-common';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { OwnershipSettings } from './toAssets';

export interface StreamingBackendConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  thresholds: HealthThresholds;
  ownership: OwnershipSettings;
  /** Gone assets are deleted this many days after they were last seen. */
  purgeGoneAfterDays: number;
  /** A manual refresh within this many seconds of the last one is not started again. */
  refreshDebounceSeconds: number;
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
  const health = config.getOptionalConfig('streaming.health');
  const overrides: Partial<HealthThresholds> = {};
  for (const key of health?.keys() ?? []) {
    overrides[key as keyof HealthThresholds] = health!.getNumber(key);
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
  return {
    schedule,
    thresholds: resolveHealthThresholds(overrides),
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
  };
}

function nonNegative(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${key} must be a number of 0 or more, got ${value}`);
  }
  return value;
}
