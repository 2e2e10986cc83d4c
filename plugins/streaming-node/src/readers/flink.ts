import {
  ApplicationDetail,
  DescribeApplicationCommand,
  KinesisAnalyticsV2Client,
  ListTagsForResourceCommand,
  paginateListApplicationOperations,
  paginateListApplications,
} from '@aws-sdk/client-kinesis-analytics-v2';
import type {
  FlinkApplicationDetails,
  FlinkOperation,
} from '@backstage-streaming/plugin-streaming-common';
import { awsCall } from './errors';
import { redactProperties } from './redaction';

/** A Managed Flink application as the inventory needs it. */
export interface FlinkApplicationRecord {
  arn: string;
  name: string;
  status: string;
  runtimeEnvironment: string;
  applicationMode: string | null;
  /** Changes on every update; lets a refresh skip describe calls for unchanged applications. */
  versionId: number | null;
  tags: Record<string, string>;
  /** From DescribeApplication; null until described. */
  details: FlinkApplicationDetails | null;
  /** From ListApplicationOperations, newest first; null when not listed. */
  operations: FlinkOperation[] | null;
}

export interface FlinkApplicationSummaryRecord {
  arn: string;
  name: string;
  status: string;
  runtimeEnvironment: string;
  applicationMode: string | null;
  versionId: number | null;
}

export async function listFlinkApplications(
  flink: KinesisAnalyticsV2Client,
): Promise<FlinkApplicationSummaryRecord[]> {
  return awsCall('ListApplications', async () => {
    const applications: FlinkApplicationSummaryRecord[] = [];
    // Limit: 50 applications a page at most (ListApplications API reference).
    for await (const page of paginateListApplications(
      { client: flink, pageSize: 50 },
      {},
    )) {
      for (const summary of page.ApplicationSummaries ?? []) {
        applications.push({
          arn: summary.ApplicationARN ?? '',
          name: summary.ApplicationName ?? '',
          status: summary.ApplicationStatus ?? 'UNKNOWN',
          runtimeEnvironment: summary.RuntimeEnvironment ?? 'UNKNOWN',
          applicationMode: summary.ApplicationMode ?? null,
          versionId: summary.ApplicationVersionId ?? null,
        });
      }
    }
    return applications;
  });
}

/** Maps DescribeApplication's detail, redacting secret-looking runtime properties. */
export function toFlinkApplicationDetails(
  detail: ApplicationDetail,
  secretKeyPatterns: readonly string[],
): FlinkApplicationDetails {
  const config = detail.ApplicationConfigurationDescription;
  const flink = config?.FlinkApplicationConfigurationDescription;
  const parallelism = flink?.ParallelismConfigurationDescription;
  const checkpoint = flink?.CheckpointConfigurationDescription;
  const monitoring = flink?.MonitoringConfigurationDescription;
  return {
    serviceExecutionRole: detail.ServiceExecutionRole ?? null,
    lastUpdateTimestamp: detail.LastUpdateTimestamp?.toISOString() ?? null,
    parallelism: {
      configurationType: parallelism?.ConfigurationType ?? null,
      parallelism: parallelism?.Parallelism ?? null,
      parallelismPerKpu: parallelism?.ParallelismPerKPU ?? null,
      currentParallelism: parallelism?.CurrentParallelism ?? null,
      autoScalingEnabled: parallelism?.AutoScalingEnabled ?? null,
    },
    checkpointing: {
      configurationType: checkpoint?.ConfigurationType ?? null,
      enabled: checkpoint?.CheckpointingEnabled ?? null,
      intervalMs: checkpoint?.CheckpointInterval ?? null,
      minPauseBetweenCheckpointsMs:
        checkpoint?.MinPauseBetweenCheckpoints ?? null,
    },
    monitoring: {
      configurationType: monitoring?.ConfigurationType ?? null,
      metricsLevel: monitoring?.MetricsLevel ?? null,
      logLevel: monitoring?.LogLevel ?? null,
    },
    snapshotsEnabled:
      config?.ApplicationSnapshotConfigurationDescription?.SnapshotsEnabled ??
      null,
    rollbackEnabled:
      config?.ApplicationSystemRollbackConfigurationDescription
        ?.RollbackEnabled ?? null,
    propertyGroups: redactPropertyGroups(
      (
        config?.EnvironmentPropertyDescriptions?.PropertyGroupDescriptions ?? []
      ).map(group => ({
        id: group.PropertyGroupId ?? '',
        properties: group.PropertyMap ?? {},
      })),
      secretKeyPatterns,
    ),
  };
}

/**
 * Runtime property groups with their secrets redacted. Also applied to the
 * details a previous refresh stored, so what an older version stored
 * unredacted is replaced on the next refresh even when the application is not
 * described again.
 */
export function redactPropertyGroups(
  groups: FlinkApplicationDetails['propertyGroups'],
  secretKeyPatterns: readonly string[],
): FlinkApplicationDetails['propertyGroups'] {
  return groups.map(group => ({
    id: group.id,
    properties: redactProperties(group.properties, secretKeyPatterns),
  }));
}

export async function describeFlinkApplication(
  flink: KinesisAnalyticsV2Client,
  name: string,
  secretKeyPatterns: readonly string[],
): Promise<FlinkApplicationDetails> {
  return awsCall('DescribeApplication', async () => {
    const response = await flink.send(
      new DescribeApplicationCommand({ ApplicationName: name }),
    );
    if (!response.ApplicationDetail) {
      throw Object.assign(
        new Error(`DescribeApplication returned no detail for ${name}`),
        {
          name: 'EmptyResponse',
        },
      );
    }
    return toFlinkApplicationDetails(
      response.ApplicationDetail,
      secretKeyPatterns,
    );
  });
}

/** The most recent operations of an application, newest first. */
export async function listFlinkOperations(
  flink: KinesisAnalyticsV2Client,
  name: string,
  max = 10,
): Promise<FlinkOperation[]> {
  return awsCall('ListApplicationOperations', async () => {
    const operations: FlinkOperation[] = [];
    for await (const page of paginateListApplicationOperations(
      { client: flink, pageSize: max },
      { ApplicationName: name },
    )) {
      for (const info of page.ApplicationOperationInfoList ?? []) {
        operations.push({
          operation: info.Operation ?? 'Unknown',
          operationId: info.OperationId ?? '',
          status: info.OperationStatus ?? 'UNKNOWN',
          startTime: info.StartTime?.toISOString() ?? null,
          endTime: info.EndTime?.toISOString() ?? null,
        });
      }
      // One page holds the recent history the page needs; older ones stay in AWS.
      break;
    }
    return operations
      .sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? ''))
      .slice(0, max);
  });
}

/** Flink tags come as a list of `{Key, Value}` pairs, unlike MSK's map; normalised to a map. */
export async function listFlinkTags(
  flink: KinesisAnalyticsV2Client,
  arn: string,
): Promise<Record<string, string>> {
  return awsCall(
    'ListTagsForResource',
    async () => {
      const response = await flink.send(
        new ListTagsForResourceCommand({ ResourceARN: arn }),
      );
      const tags: Record<string, string> = {};
      for (const tag of response.Tags ?? []) {
        if (tag.Key) tags[tag.Key] = tag.Value ?? '';
      }
      return tags;
    },
    'KinesisAnalytics',
  );
}
