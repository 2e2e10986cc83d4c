import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  listMetrics,
  MetricSeriesQuery,
  readLatestMetricValues,
} from './metrics';
import type { SeriesBudget } from '../seriesBudget';

/** Lag of one consumer group on one topic, from the AWS/Kafka lag metrics. */
export interface ConsumerGroupTopicLag {
  topic: string;
  /** Largest offset lag over the topic's partitions (messages). */
  maxOffsetLag: number | null;
  /** Total offset lag over the topic's partitions (messages). */
  sumOffsetLag: number | null;
  /** Time the slowest partition is behind (seconds). */
  estimatedMaxTimeLagSeconds: number | null;
}

export interface ConsumerGroupRecord {
  clusterName: string;
  groupName: string;
  topics: ConsumerGroupTopicLag[];
}

/** The lag metrics MSK publishes per (Cluster Name, Consumer Group, Topic) at the DEFAULT level. */
const LAG_METRICS = {
  maxOffsetLag: 'MaxOffsetLag',
  sumOffsetLag: 'SumOffsetLag',
  estimatedMaxTimeLagSeconds: 'EstimatedMaxTimeLag',
} as const;

const LAG_DIMENSIONS = ['Cluster Name', 'Consumer Group', 'Topic'];

/**
 * Consumer groups of the given clusters, found through the lag metrics
 * CloudWatch holds for them (MSK has no API that lists consumer groups), with
 * their latest lag per topic.
 */
export async function readConsumerGroups(
  cloudwatch: CloudWatchClient,
  clusterNames: string[],
  options: { now?: Date; budget?: SeriesBudget } = {},
): Promise<ConsumerGroupRecord[]> {
  const wanted = new Set(clusterNames);
  const listed = await listMetrics(cloudwatch, {
    namespace: 'AWS/Kafka',
    metricName: LAG_METRICS.sumOffsetLag,
    dimensionNames: LAG_DIMENSIONS,
  });
  const groups = new Map<string, ConsumerGroupRecord>();
  for (const metric of listed) {
    const clusterName = metric.dimensions['Cluster Name'];
    const groupName = metric.dimensions['Consumer Group'];
    const topic = metric.dimensions.Topic;
    // Series with extra dimensions (e.g. Partition) are the per-partition level, not the group's.
    if (
      !clusterName ||
      !groupName ||
      !topic ||
      Object.keys(metric.dimensions).length !== 3
    )
      continue;
    if (!wanted.has(clusterName)) continue;
    const key = `${clusterName}/${groupName}`;
    const group = groups.get(key) ?? { clusterName, groupName, topics: [] };
    if (!group.topics.some(t => t.topic === topic)) {
      group.topics.push({
        topic,
        maxOffsetLag: null,
        sumOffsetLag: null,
        estimatedMaxTimeLagSeconds: null,
      });
    }
    groups.set(key, group);
  }

  const queries: MetricSeriesQuery[] = [];
  for (const group of groups.values()) {
    // A group's lag series are drawn from the refresh's budget together; a group that does not fit keeps unknown lag.
    const seriesOfGroup = group.topics.length * Object.keys(LAG_METRICS).length;
    if (options.budget && !options.budget.take(seriesOfGroup)) continue;
    for (const lag of group.topics) {
      for (const [field, metricName] of Object.entries(LAG_METRICS)) {
        queries.push({
          key: `${group.clusterName}|${group.groupName}|${lag.topic}|${field}`,
          namespace: 'AWS/Kafka',
          metricName,
          dimensions: {
            'Cluster Name': group.clusterName,
            'Consumer Group': group.groupName,
            Topic: lag.topic,
          },
          stat: 'Maximum',
          periodSeconds: 60,
        });
      }
    }
  }
  const values = queries.length
    ? await readLatestMetricValues(cloudwatch, queries, { now: options.now })
    : new Map<string, number | null>();
  for (const group of groups.values()) {
    for (const lag of group.topics) {
      for (const field of Object.keys(
        LAG_METRICS,
      ) as (keyof typeof LAG_METRICS)[]) {
        lag[field] =
          values.get(
            `${group.clusterName}|${group.groupName}|${lag.topic}|${field}`,
          ) ?? null;
      }
    }
    group.topics.sort((a, b) => a.topic.localeCompare(b.topic));
  }
  return [...groups.values()].sort(
    (a, b) =>
      a.clusterName.localeCompare(b.clusterName) ||
      a.groupName.localeCompare(b.groupName),
  );
}
