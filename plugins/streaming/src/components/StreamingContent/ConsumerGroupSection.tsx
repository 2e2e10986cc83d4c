import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type {
  ConsumerGroupAsset,
  KafkaClusterAsset,
} from '@backstage-streaming/plugin-streaming-common';
import { consumerGroupCharts } from '../charts/chartMetrics';
import { MetricCharts } from '../charts/MetricCharts';
import { formatDuration, formatNumber } from '../format';
import { AssetSection, Facts, SubHeading } from './AssetSection';
import { HealthFindings } from './HealthFindings';

function lag(value: number | null): string {
  return value === null ? 'no data' : formatNumber(value, 0);
}

/** A consumer group on the Streaming tab: its lag on each topic it reads, health and lag charts. */
export function ConsumerGroupSection(props: {
  group: ConsumerGroupAsset;
  cluster: KafkaClusterAsset | undefined;
  entityRef: string;
}) {
  const { group, cluster, entityRef } = props;
  return (
    <AssetSection asset={group} typeLabel="Consumer group">
      <Facts
        facts={[
          { label: 'Cluster', value: group.clusterName },
          { label: 'Topics read', value: group.topics.length },
        ]}
        label={`Facts about ${group.name}`}
      />
      {group.topics.length > 0 && (
        <Table size="small" aria-label={`Lag of ${group.name} by topic`}>
          <TableHead>
            <TableRow>
              <TableCell>Topic</TableCell>
              <TableCell align="right">Max offset lag</TableCell>
              <TableCell align="right">Total offset lag</TableCell>
              <TableCell align="right">Time behind</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {group.topics.map(topic => (
              <TableRow key={topic.topic}>
                <TableCell>{topic.topic}</TableCell>
                <TableCell align="right">{lag(topic.maxOffsetLag)}</TableCell>
                <TableCell align="right">{lag(topic.sumOffsetLag)}</TableCell>
                <TableCell align="right">
                  {topic.estimatedMaxTimeLagSeconds === null
                    ? 'no data'
                    : formatDuration(topic.estimatedMaxTimeLagSeconds * 1000)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <SubHeading>Health</SubHeading>
      <HealthFindings health={group.health} subject={group.name} />
      <MetricCharts
        arn={group.arn}
        subject={group.name}
        entityRef={entityRef}
        choice={consumerGroupCharts(group, cluster)}
        emptyMessage="MSK publishes no lag metrics for this group."
      />
    </AssetSection>
  );
}
