/**
 * Parsing of the ARNs this plugin family deals with.
 *
 * Formats (AWS service authorization reference):
 * - MSK cluster: `arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>`
 * - MSK topic:   `arn:<partition>:kafka:<region>:<account>:topic/<cluster-name>/<cluster-uuid>/<topic>`
 * - MSK group:   `arn:<partition>:kafka:<region>:<account>:group/<cluster-name>/<cluster-uuid>/<group>`
 * - Flink app:   `arn:<partition>:kinesisanalytics:<region>:<account>:application/<name>`
 */

export type ParsedArn =
  | {
      kind: 'kafka-cluster';
      arn: string;
      partition: string;
      region: string;
      accountId: string;
      clusterName: string;
      clusterUuid: string;
    }
  | {
      kind: 'kafka-topic';
      arn: string;
      partition: string;
      region: string;
      accountId: string;
      clusterName: string;
      clusterUuid: string;
      topicName: string;
    }
  | {
      kind: 'consumer-group';
      arn: string;
      partition: string;
      region: string;
      accountId: string;
      clusterName: string;
      clusterUuid: string;
      groupName: string;
    }
  | {
      kind: 'flink-application';
      arn: string;
      partition: string;
      region: string;
      accountId: string;
      applicationName: string;
    };

const ARN_PATTERN =
  /^arn:(aws|aws-cn|aws-us-gov):(kafka|kinesisanalytics):([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):(.+)$/;

/** Parses an MSK or Managed Flink ARN; returns undefined for anything else. */
export function parseStreamingArn(arn: string): ParsedArn | undefined {
  const match = ARN_PATTERN.exec(arn.trim());
  if (!match) {
    return undefined;
  }
  const [, partition, service, region, accountId, resource] = match;
  const parts = resource.split('/');
  if (service === 'kafka' && parts[0] === 'cluster' && parts.length === 3) {
    if (!parts[1] || !parts[2]) return undefined;
    return {
      kind: 'kafka-cluster',
      arn: arn.trim(),
      partition,
      region,
      accountId,
      clusterName: parts[1],
      clusterUuid: parts[2],
    };
  }
  if (service === 'kafka' && parts[0] === 'topic' && parts.length >= 4) {
    // Kafka topic names cannot contain '/', but be lenient and keep the rest whole.
    const topicName = parts.slice(3).join('/');
    if (!parts[1] || !parts[2] || !topicName) return undefined;
    return {
      kind: 'kafka-topic',
      arn: arn.trim(),
      partition,
      region,
      accountId,
      clusterName: parts[1],
      clusterUuid: parts[2],
      topicName,
    };
  }
  if (service === 'kafka' && parts[0] === 'group' && parts.length >= 4) {
    // Group ids are free-form strings in Kafka and may contain '/': keep the rest whole.
    const groupName = parts.slice(3).join('/');
    if (!parts[1] || !parts[2] || !groupName) return undefined;
    return {
      kind: 'consumer-group',
      arn: arn.trim(),
      partition,
      region,
      accountId,
      clusterName: parts[1],
      clusterUuid: parts[2],
      groupName,
    };
  }
  if (
    service === 'kinesisanalytics' &&
    parts[0] === 'application' &&
    parts.length === 2
  ) {
    if (!parts[1]) return undefined;
    return {
      kind: 'flink-application',
      arn: arn.trim(),
      partition,
      region,
      accountId,
      applicationName: parts[1],
    };
  }
  return undefined;
}

/** The ARN of a topic on a cluster, as MSK forms it. */
export function topicArnFor(
  clusterArn: string,
  topicName: string,
): string | undefined {
  const cluster = parseStreamingArn(clusterArn);
  if (!cluster || cluster.kind !== 'kafka-cluster') {
    return undefined;
  }
  return `arn:${cluster.partition}:kafka:${cluster.region}:${cluster.accountId}:topic/${cluster.clusterName}/${cluster.clusterUuid}/${topicName}`;
}

/** The ARN MSK (and IAM) give a consumer group of a cluster. */
export function consumerGroupArnFor(
  clusterArn: string,
  groupName: string,
): string | undefined {
  const cluster = parseStreamingArn(clusterArn);
  if (!cluster || cluster.kind !== 'kafka-cluster') {
    return undefined;
  }
  return `arn:${cluster.partition}:kafka:${cluster.region}:${cluster.accountId}:group/${cluster.clusterName}/${cluster.clusterUuid}/${groupName}`;
}
