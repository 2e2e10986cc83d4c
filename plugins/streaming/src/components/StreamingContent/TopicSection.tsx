import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  EntityStreamingResponse,
  KafkaClusterAsset,
  KafkaTopicAsset,
} from '@backstage-streaming/plugin-streaming-common';
import { topicCharts } from '../charts/chartMetrics';
import { MetricCharts } from '../charts/MetricCharts';
import {
  formatBytesPerSecond,
  formatDuration,
  formatNumber,
  formatRetention,
} from '../format';
import { AssetSection, Fact, Facts, SubHeading } from './AssetSection';
import { CostPanel } from './CostPanel';
import { HealthFindings } from './HealthFindings';

function rate(value: number | null | undefined): string | null {
  return typeof value === 'number' ? formatBytesPerSecond(value) : null;
}

/**
 * The topic's configuration facts. A listed topic not described yet (a
 * refresh describes a limited number per account-region) says so, rather
 * than leaving retention and the rest out as if the topic had none.
 */
function configFacts(topic: KafkaTopicAsset): Fact[] {
  if (!topic.configs) {
    // Serverless topics have no configuration to read: their own note says so.
    return topic.discoveredFrom === 'metrics'
      ? []
      : [{ label: 'Configuration', value: 'Not read yet' }];
  }
  const configs = topic.configs;
  return [
    { label: 'Min in-sync replicas', value: configs['min.insync.replicas'] },
    { label: 'Retention', value: formatRetention(configs['retention.ms']) },
    { label: 'Cleanup policy', value: configs['cleanup.policy'] },
  ];
}

export function topicFacts(topic: KafkaTopicAsset): Fact[] {
  const metrics = topic.metrics ?? {};
  return [
    { label: 'Cluster', value: topic.clusterName },
    { label: 'Partitions', value: topic.partitionCount },
    { label: 'Replication factor', value: topic.replicationFactor },
    ...configFacts(topic),
    { label: 'Out-of-sync replicas', value: topic.outOfSyncReplicaCount },
    {
      label: 'Bytes in',
      value: rate(
        metrics['msk.topic.bytesIn'] ?? metrics['msk.serverless.topic.bytesIn'],
      ),
    },
    {
      label: 'Bytes out',
      value: rate(
        metrics['msk.topic.bytesOut'] ??
          metrics['msk.serverless.topic.bytesOut'],
      ),
    },
  ];
}

function lag(value: number | null): string {
  return value === null ? 'no data' : formatNumber(value, 0);
}

function Consumers(props: { topic: KafkaTopicAsset }) {
  const { topic } = props;
  if (!topic.consumers) {
    return null;
  }
  return (
    <>
      <SubHeading>Consumer groups</SubHeading>
      {topic.consumers.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No consumer group reports lag on {topic.name}. MSK publishes lag only
          for groups that commit offsets.
        </Typography>
      ) : (
        <ConsumerTable topic={topic} consumers={topic.consumers} />
      )}
    </>
  );
}

function ConsumerTable(props: {
  topic: KafkaTopicAsset;
  consumers: NonNullable<KafkaTopicAsset['consumers']>;
}) {
  const { topic, consumers } = props;
  return (
    <Table size="small" aria-label={`Consumer groups of ${topic.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>Consumer group</TableCell>
          <TableCell align="right">Max offset lag</TableCell>
          <TableCell align="right">Total offset lag</TableCell>
          <TableCell align="right">Time behind</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {consumers.map(consumer => (
          <TableRow key={consumer.groupArn}>
            <TableCell>{consumer.groupName}</TableCell>
            <TableCell align="right">{lag(consumer.maxOffsetLag)}</TableCell>
            <TableCell align="right">{lag(consumer.sumOffsetLag)}</TableCell>
            <TableCell align="right">
              {consumer.estimatedMaxTimeLagSeconds === null
                ? 'no data'
                : formatDuration(consumer.estimatedMaxTimeLagSeconds * 1000)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** A topic on the Streaming tab: its layout and configuration, consumers and lag, health, cost share and charts. */
export function TopicSection(props: {
  topic: KafkaTopicAsset;
  cluster: KafkaClusterAsset | undefined;
  entityRef: string;
  costPermission: EntityStreamingResponse['cost'];
}) {
  const { topic, cluster, entityRef, costPermission } = props;
  const monitoring = cluster?.details?.enhancedMonitoring;
  return (
    <AssetSection asset={topic} typeLabel="Topic">
      <Facts facts={topicFacts(topic)} label={`Facts about ${topic.name}`} />
      {topic.discoveredFrom === 'metrics' && (
        <Typography variant="body2" color="textSecondary">
          Discovered from CloudWatch: MSK Serverless has no topic API, so
          partitions and configuration are not known, and a topic idle for 14
          days (no datapoints) is not listed.
        </Typography>
      )}
      <Consumers topic={topic} />
      <SubHeading>Health</SubHeading>
      <HealthFindings health={topic.health} subject={topic.name} />
      <SubHeading>Cost</SubHeading>
      <CostPanel
        cost={topic.cost}
        permission={costPermission}
        subject={topic.name}
      />
      <MetricCharts
        arn={topic.arn}
        subject={topic.name}
        entityRef={entityRef}
        choice={topicCharts(topic, cluster)}
        emptyMessage={`Per-topic metrics need the cluster's enhanced monitoring at PER_TOPIC_PER_BROKER or higher${
          monitoring ? `; ${topic.clusterName} is at ${monitoring}` : ''
        }.`}
      />
    </AssetSection>
  );
}
