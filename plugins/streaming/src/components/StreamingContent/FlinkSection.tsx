import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  EntityStreamingResponse,
  FlinkApplicationAsset,
  FlinkOperation,
  HealthStatus,
} from '@backstage-streaming/plugin-streaming-common';
import { flinkCharts } from '../charts/chartMetrics';
import { MetricCharts } from '../charts/MetricCharts';
import { formatDuration, formatNumber, formatTime } from '../format';
import { StreamingHealthStatus } from '../StreamingHealthStatus';
import { AssetSection, Fact, Facts, Meter, SubHeading } from './AssetSection';
import { CostPanel } from './CostPanel';
import { HealthFindings } from './HealthFindings';

function onOff(value: boolean | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value ? 'Enabled' : 'Disabled';
}

function parallelismText(application: FlinkApplicationAsset): string | null {
  const p = application.details?.parallelism;
  if (!p) return null;
  const parts = [
    p.parallelism !== null && `${p.parallelism} configured`,
    p.currentParallelism !== null && `${p.currentParallelism} running`,
    p.parallelismPerKpu !== null && `${p.parallelismPerKpu} per KPU`,
    p.autoScalingEnabled !== null &&
      `autoscaling ${p.autoScalingEnabled ? 'on' : 'off'}`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

function checkpointText(application: FlinkApplicationAsset): string | null {
  const c = application.details?.checkpointing;
  if (!c || c.enabled === null) return null;
  if (!c.enabled) return 'Disabled';
  return c.intervalMs === null
    ? 'Enabled'
    : `Every ${formatDuration(c.intervalMs)}`;
}

function latest(
  application: FlinkApplicationAsset,
  ...ids: string[]
): number | null {
  for (const id of ids) {
    const value = application.metrics?.[id];
    if (typeof value === 'number') return value;
  }
  return null;
}

function downtimeText(downtimeMs: number | null): string | null {
  if (downtimeMs === null) return null;
  // 0 while running; -1 when the job completed.
  if (downtimeMs < 0) return 'Job completed';
  return downtimeMs > 0 ? formatDuration(downtimeMs) : 'None';
}

export function flinkFacts(application: FlinkApplicationAsset): Fact[] {
  const { kpus, details } = application;
  const restarts = latest(
    application,
    'flink.numRestarts',
    'flink.fullRestarts',
  );
  const failedCheckpoints = latest(
    application,
    'flink.numberOfFailedCheckpoints',
  );
  const checkpointDuration = latest(
    application,
    'flink.lastCheckpointDuration',
  );
  const backpressure = latest(
    application,
    'flink.backPressuredTimeMsPerSecond',
  );
  return [
    { label: 'Status', value: application.status },
    { label: 'Runtime', value: application.runtimeEnvironment },
    { label: 'Mode', value: application.applicationMode },
    { label: 'Version', value: application.versionId },
    { label: 'Parallelism', value: parallelismText(application) },
    {
      label: 'KPUs in use',
      value:
        kpus && kpus.inUse !== null ? (
          <Meter
            value={kpus.inUse}
            limit={kpus.limit}
            text={`${formatNumber(
              kpus.inUse,
              0,
            )} of the account's ${formatNumber(kpus.limit, 0)} KPU limit${
              kpus.percentOfLimit !== null
                ? ` (${formatNumber(kpus.percentOfLimit)}%)`
                : ''
            }`}
            label="KPUs in use"
          />
        ) : null,
    },
    {
      label: 'KPU cross-check',
      value:
        kpus && kpus.crossCheck.status !== 'agree'
          ? kpus.crossCheck.message
          : null,
    },
    { label: 'Checkpoints', value: checkpointText(application) },
    {
      label: 'Last checkpoint took',
      value:
        checkpointDuration === null ? null : formatDuration(checkpointDuration),
    },
    {
      label: 'Failed checkpoints (recent)',
      value:
        failedCheckpoints === null ? null : formatNumber(failedCheckpoints, 0),
    },
    {
      label: 'Restarts (recent)',
      value: restarts === null ? null : formatNumber(restarts, 0),
    },
    {
      label: 'Backpressure (busiest task)',
      value:
        backpressure === null ? null : `${formatNumber(backpressure, 0)} ms/s`,
    },
    {
      label: 'Downtime',
      value: downtimeText(application.downtimeMs),
    },
    { label: 'Snapshots', value: onOff(details?.snapshotsEnabled) },
    { label: 'Automatic rollback', value: onOff(details?.rollbackEnabled) },
    {
      label: 'Monitoring',
      value: details?.monitoring.metricsLevel
        ? `${details.monitoring.metricsLevel} metrics${
            details.monitoring.logLevel
              ? `, ${details.monitoring.logLevel} logs`
              : ''
          }`
        : null,
    },
  ];
}

/** An operation's outcome as a health word and icon, so a failed deployment stands out without colour. */
function operationStatus(status: string): HealthStatus {
  const upper = status.toUpperCase();
  if (upper === 'SUCCESSFUL') return 'healthy';
  if (upper === 'FAILED' || upper.includes('ROLL')) return 'critical';
  if (upper === 'IN_PROGRESS' || upper === 'PENDING') return 'unknown';
  return 'warning';
}

function Operations(props: { operations: FlinkOperation[]; subject: string }) {
  const { operations, subject } = props;
  if (operations.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No recent deployments.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={`Recent operations of ${subject}`}>
      <TableHead>
        <TableRow>
          <TableCell>Operation</TableCell>
          <TableCell>Outcome</TableCell>
          <TableCell>Started</TableCell>
          <TableCell>Ended</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {operations.map(operation => (
          <TableRow key={operation.operationId}>
            <TableCell>{operation.operation}</TableCell>
            <TableCell>
              <StreamingHealthStatus
                status={operationStatus(operation.status)}
                label={operation.status}
              />
            </TableCell>
            <TableCell>
              {operation.startTime ? formatTime(operation.startTime) : '–'}
            </TableCell>
            <TableCell>
              {operation.endTime ? formatTime(operation.endTime) : '–'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** A Flink application on the Streaming tab: status, parallelism and KPUs, checkpoints, deployments, health, cost and charts. */
export function FlinkSection(props: {
  application: FlinkApplicationAsset;
  entityRef: string;
  costPermission: EntityStreamingResponse['cost'];
}) {
  const { application, entityRef, costPermission } = props;
  return (
    <AssetSection asset={application} typeLabel="Flink application">
      <Facts
        facts={flinkFacts(application)}
        label={`Facts about ${application.name}`}
      />
      {application.operations && (
        <>
          <SubHeading>Recent deployments and rollbacks</SubHeading>
          <Operations
            operations={application.operations}
            subject={application.name}
          />
        </>
      )}
      <SubHeading>Health</SubHeading>
      <HealthFindings health={application.health} subject={application.name} />
      <SubHeading>Cost</SubHeading>
      <CostPanel
        cost={application.cost}
        permission={costPermission}
        subject={application.name}
        actualCostArn={application.arn}
      />
      <MetricCharts
        arn={application.arn}
        subject={application.name}
        entityRef={entityRef}
        choice={flinkCharts(application)}
        emptyMessage="This runtime publishes no Flink metrics to CloudWatch (legacy SQL applications do not)."
      />
    </AssetSection>
  );
}
