import { Config } from '@backstage/config';
import {
  HealthThresholds,
  parseFlinkRuntime,
  ResolvedPricing,
} from '@backstage-streaming/plugin-streaming-common';
import {
  readHealthThresholds,
  readStreamingAwsConfig,
  readStreamingPricing,
  StreamingAwsAccount,
} from '@backstage-streaming/plugin-streaming-node';
import { RuntimeEnvironment } from '@aws-sdk/client-kinesis-analytics-v2';

/** Default subnets and security groups for one account and region. */
export interface ScaffolderNetwork {
  accountId: string;
  region: string;
  subnetIds: string[];
  securityGroupIds: string[];
}

/** `streaming.scaffolder.*` plus the shared settings the actions price and alarm with. */
export interface ScaffolderSettings {
  /** Accounts and regions the inventory reads; the actions create only there. */
  accounts: StreamingAwsAccount[];
  networks: ScaffolderNetwork[];
  topicNamePattern: RegExp;
  /** A proposal whose estimate is above this is refused (guardrail `monthly-price-limit`); none when absent. */
  maxMonthlyUsd?: number;
  /** Refuse when the limit cannot be checked because a part of the price is unknown. */
  refuseUnknownPrice: boolean;
  kafkaVersion: string;
  /** Tag keys that carry the owner; the inventory reads the first as the asset's owner (streaming.ownership.tagKeys). */
  ownerTagKey: string;
  costAllocationTagKeys: string[];
  alarmSnsTopicArn?: string;
  flink: {
    runtime: string;
    serviceExecutionRoleArn?: string;
    codeBucketArn?: string;
    codeFileKey?: string;
  };
  polling: { intervalMs: number; timeoutMs: number };
  pricing: ResolvedPricing;
  thresholds: HealthThresholds;
}

/**
 * Kafka's own topic-name rule minus names starting with `_` or `.` (internal
 * topics such as `__consumer_offsets`, and names Kafka warns about).
 */
export const DEFAULT_TOPIC_NAME_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9._-]{0,248}$';

/** The newest Flink runtime the installed SDK's RuntimeEnvironment lists (FLINK-x_y, not SQL or Studio). */
export function newestFlinkRuntime(): string {
  const runtimes = Object.values(RuntimeEnvironment)
    .map(runtime => ({ runtime, version: parseFlinkRuntime(runtime) }))
    .filter(r => r.version !== null)
    .sort(
      (a, b) => a.version![0] - b.version![0] || a.version![1] - b.version![1],
    );
  return runtimes[runtimes.length - 1].runtime;
}

const SUBNET = /^subnet-[0-9a-z]+$/;
const SECURITY_GROUP = /^sg-[0-9a-z]+$/;
const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/;

/** Reads `streaming.scaffolder`; throws an Error naming the key to fix, so a bad config stops the backend at start-up. */
export function readScaffolderSettings(rootConfig: Config): ScaffolderSettings {
  const config = rootConfig.getOptionalConfig('streaming.scaffolder');
  const networks = (config?.getOptionalConfigArray('networks') ?? []).map(
    (network, index) => {
      const where = `streaming.scaffolder.networks[${index}]`;
      const subnetIds = network.getStringArray('subnetIds');
      const securityGroupIds =
        network.getOptionalStringArray('securityGroupIds') ?? [];
      for (const id of subnetIds) {
        if (!SUBNET.test(id))
          throw new Error(`${where}.subnetIds: '${id}' is not a subnet id`);
      }
      for (const id of securityGroupIds) {
        if (!SECURITY_GROUP.test(id)) {
          throw new Error(
            `${where}.securityGroupIds: '${id}' is not a security group id`,
          );
        }
      }
      return {
        accountId: network.getString('accountId'),
        region: network.getString('region'),
        subnetIds,
        securityGroupIds,
      };
    },
  );
  const patternSource =
    config?.getOptionalString('topicNamePattern') ?? DEFAULT_TOPIC_NAME_PATTERN;
  let topicNamePattern: RegExp;
  try {
    topicNamePattern = new RegExp(patternSource);
  } catch (error) {
    throw new Error(
      `streaming.scaffolder.topicNamePattern is not a valid regular expression: ${
        (error as Error).message
      }`,
    );
  }
  const maxMonthlyUsd = config?.getOptionalNumber('maxMonthlyUsd');
  if (maxMonthlyUsd !== undefined && !(maxMonthlyUsd > 0)) {
    throw new Error(
      `streaming.scaffolder.maxMonthlyUsd must be more than 0, got ${maxMonthlyUsd}`,
    );
  }
  const alarmSnsTopicArn = config?.getOptionalString('alarms.snsTopicArn');
  if (alarmSnsTopicArn !== undefined && !SNS_ARN.test(alarmSnsTopicArn)) {
    throw new Error(
      `streaming.scaffolder.alarms.snsTopicArn must be an SNS topic ARN, got '${alarmSnsTopicArn}'`,
    );
  }
  const runtime =
    config?.getOptionalString('flink.runtime') ?? newestFlinkRuntime();
  if (!parseFlinkRuntime(runtime)) {
    throw new Error(
      `streaming.scaffolder.flink.runtime must be a Flink runtime such as FLINK-1_20, got '${runtime}'`,
    );
  }
  const positive = (key: string, fallback: number) => {
    const value = config?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0)) {
      throw new Error(
        `streaming.scaffolder.${key} must be more than 0, got ${value}`,
      );
    }
    return value;
  };
  const ownerTagKeys = rootConfig.getOptionalStringArray(
    'streaming.ownership.tagKeys',
  ) ?? ['owner', 'team'];
  return {
    accounts: readStreamingAwsConfig(rootConfig).accounts,
    networks,
    topicNamePattern,
    maxMonthlyUsd,
    refuseUnknownPrice:
      config?.getOptionalBoolean('refuseUnknownPrice') ?? false,
    kafkaVersion: config?.getOptionalString('kafkaVersion') ?? '3.6.0',
    ownerTagKey: ownerTagKeys[0] ?? 'owner',
    costAllocationTagKeys: config?.getOptionalStringArray(
      'costAllocationTagKeys',
    ) ?? ['cost-center'],
    alarmSnsTopicArn,
    flink: {
      runtime,
      serviceExecutionRoleArn: config?.getOptionalString(
        'flink.serviceExecutionRoleArn',
      ),
      codeBucketArn: config?.getOptionalString('flink.codeBucketArn'),
      codeFileKey: config?.getOptionalString('flink.codeFileKey'),
    },
    polling: {
      intervalMs: positive('polling.intervalSeconds', 15) * 1000,
      timeoutMs: positive('polling.timeoutMinutes', 60) * 60_000,
    },
    pricing: readStreamingPricing(rootConfig),
    thresholds: readHealthThresholds(rootConfig),
  };
}
