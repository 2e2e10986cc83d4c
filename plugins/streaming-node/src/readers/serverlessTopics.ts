import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { AwsCallError, AwsReadError, toAwsCallError } from './errors';
import { listMetrics } from './metrics';

/**
 * The topics of one MSK Serverless cluster that CloudWatch knows, or why they
 * could not be read. `topics` is every `Topic` with a `BytesInPerSec` series
 * for the cluster: ListMetrics returns series with datapoints in the last 14
 * days, so a topic appears once a producer writes to it and idle topics are
 * missing.
 */
export type ServerlessTopicDiscovery =
  | { clusterName: string; topics: string[] }
  | { clusterName: string; error: AwsCallError };

/** Serverless publishes per-topic throughput with exactly these dimensions (no Broker ID). */
const SERVERLESS_TOPIC_DIMENSIONS = ['Cluster Name', 'Topic'];

/**
 * Topics of MSK Serverless clusters, from their per-topic `BytesInPerSec`
 * series: Serverless topics cannot be listed with the topic APIs. One
 * cluster's ListMetrics failing is reported for that cluster alone, so what
 * is known of its topics can be kept.
 */
export async function readServerlessTopics(
  cloudwatch: CloudWatchClient,
  clusterNames: string[],
): Promise<ServerlessTopicDiscovery[]> {
  const discoveries: ServerlessTopicDiscovery[] = [];
  for (const clusterName of clusterNames) {
    try {
      const listed = await listMetrics(cloudwatch, {
        namespace: 'AWS/Kafka',
        metricName: 'BytesInPerSec',
        dimensionNames: ['Topic'],
        dimensions: { 'Cluster Name': clusterName },
      });
      const topics = new Set<string>();
      for (const metric of listed) {
        const names = Object.keys(metric.dimensions).sort();
        if (
          names.join('|') !== [...SERVERLESS_TOPIC_DIMENSIONS].sort().join('|')
        )
          continue;
        if (metric.dimensions['Cluster Name'] !== clusterName) continue;
        if (metric.dimensions.Topic) topics.add(metric.dimensions.Topic);
      }
      discoveries.push({ clusterName, topics: [...topics].sort() });
    } catch (error) {
      discoveries.push({
        clusterName,
        error:
          error instanceof AwsReadError
            ? error.detail
            : toAwsCallError('ListMetrics', error),
      });
    }
  }
  return discoveries;
}
