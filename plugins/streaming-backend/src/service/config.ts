import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  HealthThresholds,
  resolveHealthThresholds,
} from '@backstage-streaming/plugin-streaming-common';

export interface StreamingBackendConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  thresholds: HealthThresholds;
  ownerTagKeys: string[];
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 15 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 5 },
};

/** Reads `streaming.*` (besides `streaming.aws`, read by streaming-node); throws naming the key to fix. */
export function readStreamingBackendConfig(config: Config): StreamingBackendConfig {
  const refresh = config.getOptionalConfig('streaming.refresh');
  let schedule = DEFAULT_SCHEDULE;
  if (refresh) {
    try {
      schedule = {
        ...DEFAULT_SCHEDULE,
        ...readSchedulerServiceTaskScheduleDefinitionFromConfig(refresh),
      };
    } catch (error) {
      throw new Error(`streaming.refresh is invalid: ${(error as Error).message}`);
    }
  }
  const health = config.getOptionalConfig('streaming.health');
  const overrides: Partial<HealthThresholds> = {};
  for (const key of health?.keys() ?? []) {
    overrides[key as keyof HealthThresholds] = health!.getNumber(key);
  }
  const ownerTagKeys = config.getOptionalStringArray('streaming.ownership.tagKeys') ?? ['owner'];
  return { schedule, thresholds: resolveHealthThresholds(overrides), ownerTagKeys };
}
