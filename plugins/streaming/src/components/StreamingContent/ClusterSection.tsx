import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import LockIcon from '@material-ui/icons/Lock';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import {
  EntityStreamingResponse,
  KafkaClusterAsset,
  PartitionLimit,
  partitionLimitsFor,
} from '@backstage-streaming/plugin-streaming-common';
import { clusterCharts } from '../charts/chartMetrics';
import { MetricCharts } from '../charts/MetricCharts';
import { formatBytesPerSecond, formatNumber } from '../format';
import { CLUSTER_TYPE_LABELS } from '../StreamingOverviewCard/assetRows';
import { AssetSection, Fact, Facts, Meter, SubHeading } from './AssetSection';
import { CostPanel } from './CostPanel';
import { HealthFindings } from './HealthFindings';

const useStyles = makeStyles((theme: Theme) => ({
  badges: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
}));

interface Badge {
  label: string;
  /** False for a setting that weakens security; shown with an open lock and a warning icon. */
  secure: boolean;
}

const IN_TRANSIT: Record<string, Badge> = {
  TLS: { label: 'TLS between clients and brokers', secure: true },
  TLS_PLAINTEXT: {
    label: 'TLS or plaintext between clients and brokers',
    secure: false,
  },
  PLAINTEXT: {
    label: 'Plaintext between clients and brokers',
    secure: false,
  },
};

export function securityBadges(cluster: KafkaClusterAsset): Badge[] {
  const details = cluster.details;
  if (!details) return [];
  const { encryption, clientAuthentication: auth } = details;
  const badges: Badge[] = [];
  if (encryption.clientBroker) {
    badges.push(
      IN_TRANSIT[encryption.clientBroker] ?? {
        label: `In transit: ${encryption.clientBroker}`,
        secure: false,
      },
    );
  }
  if (encryption.inCluster !== null) {
    badges.push(
      encryption.inCluster
        ? { label: 'TLS between brokers', secure: true }
        : { label: 'Plaintext between brokers', secure: false },
    );
  }
  if (encryption.atRestKmsKeyId) {
    badges.push({ label: 'Encrypted at rest (KMS)', secure: true });
  }
  if (auth.iam) badges.push({ label: 'IAM auth', secure: true });
  if (auth.scram) badges.push({ label: 'SASL/SCRAM auth', secure: true });
  if (auth.tls) badges.push({ label: 'Mutual TLS auth', secure: true });
  if (auth.unauthenticated) {
    badges.push({ label: 'Unauthenticated access allowed', secure: false });
  }
  if (details.publicAccess && details.publicAccess !== 'DISABLED') {
    badges.push({
      label: `Public access: ${details.publicAccess}`,
      secure: false,
    });
  }
  return badges;
}

function badgeIcon(badge: Badge) {
  if (!badge.secure) return <LockOpenIcon />;
  return badge.label.endsWith('auth') ? <VpnKeyIcon /> : <LockIcon />;
}

function SecurityBadges(props: { cluster: KafkaClusterAsset }) {
  const classes = useStyles();
  const badges = securityBadges(props.cluster);
  if (badges.length === 0) return null;
  return (
    <ul className={classes.badges} aria-label="Encryption and authentication">
      {badges.map(badge => (
        <li key={badge.label}>
          <Chip
            size="small"
            variant={badge.secure ? 'outlined' : 'default'}
            icon={badgeIcon(badge)}
            label={badge.secure ? badge.label : `${badge.label} (weaker)`}
          />
        </li>
      ))}
    </ul>
  );
}

function storageText(cluster: KafkaClusterAsset): string | null {
  const storage = cluster.details?.storage;
  if (!storage) return null;
  const parts = [
    storage.volumeSizeGiB !== null &&
      `${formatNumber(storage.volumeSizeGiB, 0)} GiB per broker`,
    storage.provisionedThroughputMiBps !== null &&
      `${formatNumber(
        storage.provisionedThroughputMiBps,
        0,
      )} MiB/s provisioned`,
    storage.mode && `${storage.mode.toLowerCase()} storage`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

/** MSK Serverless topics cannot be listed: the backend finds them in CloudWatch. */
const SERVERLESS_TOPICS_TEXT =
  'Discovered from CloudWatch: the topics that carried traffic in the last 14 days (idle topics are not listed)';

const TOPIC_LISTING_TEXT = {
  listed: null,
  unsupported:
    'Not available: MSK lists topics only on provisioned clusters running Kafka 3.6 or later',
  failed: 'The latest attempt to list topics failed',
} as const;

function topicsText(cluster: KafkaClusterAsset): string | null {
  if (cluster.clusterType === 'serverless') return SERVERLESS_TOPICS_TEXT;
  return cluster.topicListing ? TOPIC_LISTING_TEXT[cluster.topicListing] : null;
}

function partitionsPerBroker(
  partitions: number | null | undefined,
  limits: PartitionLimit | null,
) {
  if (typeof partitions !== 'number') return null;
  if (!limits) {
    return `${formatNumber(
      partitions,
      0,
    )} (no known limit for this instance type)`;
  }
  return (
    <Meter
      value={partitions}
      limit={limits.recommended}
      text={`${formatNumber(partitions, 0)} of ${formatNumber(
        limits.recommended,
        0,
      )} recommended (MSK allows ${formatNumber(limits.max, 0)})`}
      label="Partitions per broker"
    />
  );
}

/** The cluster's throughput averaged over the slow refresh's window, which cost uses. */
function windowThroughput(cluster: KafkaClusterAsset): Fact | null {
  const metrics = cluster.metrics ?? {};
  const hours = metrics['msk.cluster.throughputWindowHours'];
  const bytesIn = metrics['msk.cluster.bytesInTotal'];
  const bytesOut = metrics['msk.cluster.bytesOutTotal'];
  if (!hours) return null;
  const what =
    cluster.clusterType === 'serverless' ? 'sum over topics' : 'whole cluster';
  const rate = (value: number | null | undefined) =>
    typeof value === 'number' ? formatBytesPerSecond(value) : '–';
  return {
    label: `Throughput (${what}, average over the last ${hours} h)`,
    value: `${rate(bytesIn)} in · ${rate(bytesOut)} out`,
  };
}

export function clusterFacts(cluster: KafkaClusterAsset): Fact[] {
  const metrics = cluster.metrics ?? {};
  const bytesIn = metrics['msk.broker.bytesIn'];
  const bytesOut = metrics['msk.broker.bytesOut'];
  const averaged = windowThroughput(cluster);
  const disk = metrics['msk.broker.diskUsed'];
  const partitions = metrics['msk.broker.partitionCount'];
  const limits = cluster.instanceType
    ? partitionLimitsFor(cluster.instanceType)
    : null;
  const brokerIds = cluster.brokers?.map(broker => broker.brokerId) ?? [];
  return [
    {
      label: 'State',
      value: cluster.details?.stateInfo?.message
        ? `${cluster.state} (${cluster.details.stateInfo.message})`
        : cluster.state,
    },
    {
      label: 'Brokers',
      value:
        cluster.brokerCount === null
          ? null
          : `${cluster.brokerCount}${
              cluster.instanceType ? ` × ${cluster.instanceType}` : ''
            }${brokerIds.length ? ` (ids ${brokerIds.join(', ')})` : ''}`,
    },
    { label: 'Kafka version', value: cluster.kafkaVersion },
    { label: 'Storage', value: storageText(cluster) },
    {
      label: 'Availability Zones',
      value: cluster.details?.zoneIds.length
        ? cluster.details.zoneIds.join(', ')
        : null,
    },
    {
      label: 'Enhanced monitoring',
      value: cluster.details?.enhancedMonitoring,
    },
    {
      label: 'Throughput (busiest broker)',
      value:
        typeof bytesIn === 'number' || typeof bytesOut === 'number'
          ? `${
              typeof bytesIn === 'number' ? formatBytesPerSecond(bytesIn) : '–'
            } in · ${
              typeof bytesOut === 'number'
                ? formatBytesPerSecond(bytesOut)
                : '–'
            } out`
          : null,
    },
    ...(averaged ? [averaged] : []),
    {
      label: 'CPU (user + system, busiest broker)',
      value:
        cluster.cpuPercent === null ? null : (
          <Meter
            value={cluster.cpuPercent}
            limit={100}
            text={`${formatNumber(cluster.cpuPercent)}%`}
            label="CPU"
          />
        ),
    },
    {
      label: 'Data disk used (fullest broker)',
      value:
        typeof disk === 'number' ? (
          <Meter
            value={disk}
            limit={100}
            text={`${formatNumber(disk)}%`}
            label="Data disk used"
          />
        ) : null,
    },
    {
      label: 'Partitions per broker',
      value: partitionsPerBroker(partitions, limits),
    },
    {
      label: 'Topics',
      value: topicsText(cluster),
    },
    {
      label: 'Intelligent rebalancing',
      value: cluster.details?.rebalancingStatus,
    },
  ];
}

/** A cluster on the Streaming tab: what it is, how it is secured and loaded, its health, cost and charts. */
export function ClusterSection(props: {
  cluster: KafkaClusterAsset;
  entityRef: string;
  costPermission: EntityStreamingResponse['cost'];
}) {
  const { cluster, entityRef, costPermission } = props;
  return (
    <AssetSection
      asset={cluster}
      typeLabel={CLUSTER_TYPE_LABELS[cluster.clusterType]}
    >
      <Facts
        facts={clusterFacts(cluster)}
        label={`Facts about ${cluster.name}`}
      />
      <SecurityBadges cluster={cluster} />
      <SubHeading>Health</SubHeading>
      <HealthFindings health={cluster.health} subject={cluster.name} />
      <SubHeading>Cost</SubHeading>
      <CostPanel
        cost={cluster.cost}
        permission={costPermission}
        subject={cluster.name}
        actualCostArn={cluster.arn}
      />
      {cluster.clusterType === 'serverless' && (
        <Typography variant="body2" color="textSecondary">
          MSK Serverless publishes no cluster-level or partition metrics: the
          cluster charts are sums over its topics&apos; series, and topics
          without datapoints in the last 14 days are not listed.
        </Typography>
      )}
      <MetricCharts
        arn={cluster.arn}
        subject={cluster.name}
        entityRef={entityRef}
        choice={clusterCharts(cluster)}
        emptyMessage="No chartable metrics are published for this cluster."
      />
    </AssetSection>
  );
}
