import {
  DescribeApplicationCommand,
  KinesisAnalyticsV2Client,
  ListTagsForResourceCommand,
  paginateListApplications,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { awsCall } from './errors';

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
    for await (const page of paginateListApplications({ client: flink }, {})) {
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

export async function describeFlinkApplication(
  flink: KinesisAnalyticsV2Client,
  name: string,
) {
  return awsCall('DescribeApplication', async () => {
    const response = await flink.send(
      new DescribeApplicationCommand({ ApplicationName: name }),
    );
    return response.ApplicationDetail;
  });
}

/** Flink tags come as a list of {Key, Value}, unlike MSK's map; normalised to a map. */
export async function listFlinkTags(
  flink: KinesisAnalyticsV2Client,
  arn: string,
): Promise<Record<string, string>> {
  return awsCall(
    'ListTagsForResource',
    async () => {
      const response = await flink.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
      const tags: Record<string, string> = {};
      for (const tag of response.Tags ?? []) {
        if (tag.Key) tags[tag.Key] = tag.Value ?? '';
      }
      return tags;
    },
    'KinesisAnalytics',
  );
}
