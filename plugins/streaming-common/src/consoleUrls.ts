/**
 * The AWS console pages of streaming assets, for links (scaffolder outputs,
 * catalog entities). The console URL scheme is not an API: one place to fix
 * when AWS changes it.
 */
export const consoleUrls = {
  mskCluster: (region: string, arn: string) =>
    `https://${region}.console.aws.amazon.com/msk/home?region=${region}#/cluster/${encodeURIComponent(
      arn,
    )}/view`,
  mskTopic: (region: string, clusterArn: string, topic: string) =>
    `https://${region}.console.aws.amazon.com/msk/home?region=${region}#/cluster/${encodeURIComponent(
      clusterArn,
    )}/view?tabId=topics&topic=${encodeURIComponent(topic)}`,
  flinkApplication: (region: string, name: string) =>
    `https://${region}.console.aws.amazon.com/flink/home?region=${region}#/applications/${encodeURIComponent(
      name,
    )}`,
  alarms: (region: string, prefix: string) =>
    `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:?search=${encodeURIComponent(
      prefix,
    )}`,
  /** CloudWatch metrics of a consumer group (MSK publishes its lag there; the console has no group page). */
  consumerGroupMetrics: (region: string, clusterName: string, group: string) =>
    `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#metricsV2:graph=~();search=${encodeURIComponent(
      `"${clusterName}" "${group}"`,
    )};namespace=AWS/Kafka`,
};
