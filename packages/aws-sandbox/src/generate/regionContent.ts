import type { ScenarioInput } from '../scenario';
import { domainOf, topicName } from './names';
import {
  EstatePlan,
  PlannedApplication,
  PlannedCluster,
  AccountRegion,
} from './plan';
import { Random, randomFor } from './random';

type AccountInput = ScenarioInput['accounts'][string];
export type RegionInput = AccountInput['regions'][string];
type ClusterInput = NonNullable<RegionInput['clusters']>[number];
type TopicInput = NonNullable<ClusterInput['topics']>[number];
type MetricInput = NonNullable<RegionInput['metrics']>[number];
type FlinkInput = NonNullable<RegionInput['flinkApplications']>[number];

/** A generated topic and the team whose name prefix it carries. */
export interface GeneratedTopic {
  name: string;
  domain: string;
  partitions: number;
}

const DAY_MINUTES = 1440;

/**
 * The topics of one cluster, in a fixed order: the archive run first, then
 * the owning team's topics, or for a shared cluster blocks of topics of
 * several teams (their components claim them by prefix).
 */
export function clusterTopics(
  plan: EstatePlan,
  cluster: PlannedCluster,
): GeneratedTopic[] {
  const random = randomFor(plan.options.seed, `topics/${cluster.index}`);
  const topics: GeneratedTopic[] = [];
  for (let i = 0; i < cluster.archiveTopics; i++) {
    topics.push({
      name: `${cluster.domain}.archive.events.${String(i).padStart(3, '0')}`,
      domain: cluster.domain,
      partitions: 3,
    });
  }
  const perDomain = new Map<string, number>();
  let blockDomain = cluster.domain;
  for (let i = topics.length; i < cluster.topicCount; i++) {
    if (cluster.shared && (i - cluster.archiveTopics) % 12 === 0) {
      blockDomain = domainOf(
        plan.groups[Math.floor(random() * plan.groups.length)],
      );
    }
    const n = perDomain.get(blockDomain) ?? 0;
    perDomain.set(blockDomain, n + 1);
    topics.push({
      name: topicName(blockDomain, n),
      domain: blockDomain,
      partitions: pickPartitions(random),
    });
  }
  return topics;
}

function pickPartitions(random: Random): number {
  const r = random();
  if (r < 0.15) return 1;
  if (r < 0.5) return 3;
  if (r < 0.75) return 6;
  if (r < 0.9) return 12;
  if (r < 0.97) return 24;
  return 48;
}

const sine = (
  base: number,
  amplitude: number,
  periodMinutes: number,
  noise: number,
  max?: number,
) => ({
  sine: { base, amplitude, periodMinutes },
  noise,
  min: 0,
  ...(max === undefined ? {} : { max }),
});

/**
 * Each day's throughput ×0.8 to ×1.2 (the demo's `dailyVariation`): daily
 * averages then differ, so the cost history a generated estate backfills
 * from CloudWatch varies from day to day instead of being flat.
 */
export const THROUGHPUT_DAILY_VARIATION = 0.2;

/** A throughput series: a daily sine, noise and a per-day factor. */
const throughput = (base: number, noise: number) => ({
  ...sine(base, base * 0.35, DAY_MINUTES, noise),
  dailyVariation: THROUGHPUT_DAILY_VARIATION,
});

/** Bytes in per second per broker of each traffic tier of topics. */
const TIERS = [
  { share: 0.15, bytesIn: 600_000 },
  { share: 0.35, bytesIn: 60_000 },
  { share: 0.5, bytesIn: 1_500 },
];

/** The tier a uniform draw falls in, by the tiers' shares. */
function tierOf(draw: number): number {
  let below = 0;
  for (let t = 0; t < TIERS.length - 1; t++) {
    below += TIERS[t].share;
    if (draw < below) return t;
  }
  return TIERS.length - 1;
}

function clusterContent(
  plan: EstatePlan,
  cluster: PlannedCluster,
): { cluster: ClusterInput; metrics: MetricInput[] } {
  const random = randomFor(plan.options.seed, `metrics/${cluster.index}`);
  const topics = clusterTopics(plan, cluster);
  const metrics: MetricInput[] = [];
  const add = (
    name: string,
    dimensions: MetricInput['dimensions'],
    value: MetricInput['value'],
  ) => metrics.push({ namespace: 'AWS/Kafka', name, dimensions, value });
  const cn = cluster.name;
  const brokerIds = Array.from({ length: cluster.brokers }, (_, i) => i + 1);
  const provisioned = cluster.type !== 'serverless';

  // Topics by traffic tier: one series list per tier keeps the file small.
  const tiers: string[][] = TIERS.map(() => []);
  for (const topic of topics) {
    const tier = tierOf(random());
    tiers[tier].push(topic.name);
  }
  let clusterBytesIn = 0;
  tiers.forEach((names, t) => {
    if (names.length === 0) return;
    const bytesIn = TIERS[t].bytesIn;
    clusterBytesIn += bytesIn * names.length;
    const dims: MetricInput['dimensions'] = provisioned
      ? { 'Cluster Name': cn, 'Broker ID': brokerIds, Topic: names }
      : { 'Cluster Name': cn, Topic: names };
    add('BytesInPerSec', dims, throughput(bytesIn, bytesIn * 0.05));
    add('BytesOutPerSec', dims, throughput(bytesIn * 2, bytesIn * 0.1));
  });

  // One consumer group on every tenth topic, a few of them falling behind.
  topics.forEach((topic, i) => {
    if (i % 10 !== 0) return;
    const group = `${topic.name.replace(/\./g, '-')}-consumer`;
    const lagging = random() < 0.1;
    const dims = {
      'Cluster Name': cn,
      'Consumer Group': group,
      Topic: topic.name,
    };
    const lag = lagging ? 250_000 : 40 + Math.round(random() * 400);
    add('MaxOffsetLag', dims, sine(lag, lag * 0.5, 90, lag * 0.1));
    add(
      'SumOffsetLag',
      dims,
      sine(lag * topic.partitions, lag * 0.5, 90, lag * 0.2),
    );
    add(
      'EstimatedMaxTimeLag',
      dims,
      sine(lagging ? 900 : 3, lagging ? 300 : 2, 90, 0.5),
    );
  });

  if (provisioned) {
    const partitions = topics.reduce((sum, t) => sum + t.partitions * 3, 0);
    const perBroker = { 'Cluster Name': cn, 'Broker ID': brokerIds };
    add('ActiveControllerCount', { 'Cluster Name': cn }, 1);
    add('PartitionCount', perBroker, Math.ceil(partitions / cluster.brokers));
    add('ProduceThrottleTime', perBroker, 0);
    add('FetchThrottleTime', perBroker, 0);
    const cpu = cluster.hot ? 60 : 15 + random() * 25;
    add('CpuUser', perBroker, sine(cpu, 4, 720, 1.5, 100));
    add('CpuSystem', perBroker, sine(5, 1, 720, 0.5, 100));
    const brokerIn = clusterBytesIn / cluster.brokers;
    add('BytesInPerSec', perBroker, throughput(brokerIn, brokerIn * 0.05));
    add('BytesOutPerSec', perBroker, throughput(brokerIn * 2, brokerIn * 0.1));
    if (cluster.type === 'standard') {
      add('OfflinePartitionsCount', { 'Cluster Name': cn }, 0);
      add('UnderReplicatedPartitions', perBroker, 0);
      add('UnderMinIsrPartitionCount', perBroker, 0);
      add(
        'HeapMemoryAfterGC',
        perBroker,
        sine(30 + random() * 10, 5, 360, 1, 100),
      );
      const disk = cluster.diskFilling ? 78 : 20 + random() * 30;
      add('KafkaDataLogsDiskUsed', perBroker, {
        ramp: { from: disk, to: disk + 6, periodMinutes: 10080 },
        noise: 0.3,
        min: 0,
        max: 100,
      });
    } else {
      const stored = Math.round(clusterBytesIn * 86_400 * 3);
      add(
        'StorageUsed',
        { 'Cluster Name': cn },
        {
          ramp: {
            from: stored,
            to: Math.round(stored * 1.2),
            periodMinutes: 10080,
          },
        },
      );
    }
  }

  const tags: Record<string, string> = { env: 'prod', domain: cluster.domain };
  if (cluster.owner) tags.owner = cluster.owner;
  const input: ClusterInput = {
    name: cn,
    type: cluster.type,
    arn: cluster.arn,
    tags,
    creationTime: new Date(
      Date.UTC(2024, 0, 1) + Math.floor(random() * 600) * 86_400_000,
    ).toISOString(),
  };
  if (provisioned) {
    input.brokers = cluster.brokers;
    input.instanceType = cluster.instanceType;
    input.enhancedMonitoring = 'PER_TOPIC_PER_BROKER';
    if (cluster.storageGiB) input.storageGiB = cluster.storageGiB;
    // Serverless topics are discovered from their metrics, as on AWS.
    input.topics = topics.map(
      (t): TopicInput => ({
        name: t.name,
        partitions: t.partitions,
        replicationFactor: 3,
      }),
    );
  }
  return { cluster: input, metrics };
}

function applicationContent(
  plan: EstatePlan,
  app: PlannedApplication,
  index: number,
): { application: FlinkInput; metrics: MetricInput[] } {
  const random = randomFor(plan.options.seed, `flink/${app.name}`);
  const kpus = Math.ceil(app.parallelism / app.parallelismPerKpu) + 1;
  const application: FlinkInput = {
    name: app.name,
    arn: app.arn,
    description: `${app.domain} stream processing (${
      app.name.split('-').slice(-2, -1)[0]
    })`,
    status: app.running ? 'RUNNING' : 'READY',
    runtime: app.runtime,
    versionId: 1 + (index % 9),
    parallelism: {
      configurationType: 'CUSTOM',
      parallelism: app.parallelism,
      parallelismPerKpu: app.parallelismPerKpu,
      autoScaling: random() < 0.7,
    },
    tags: app.owner ? { owner: app.owner } : {},
  };
  if (!app.running) return { application, metrics: [] };
  const dims = { Application: app.name };
  const metrics: MetricInput[] = [];
  const add = (name: string, value: MetricInput['value']) =>
    metrics.push({
      namespace: 'AWS/KinesisAnalytics',
      name,
      dimensions: dims,
      value,
    });
  const busy = random() < 0.1;
  add('KPUs', kpus);
  add('downtime', 0);
  add('uptime', { ramp: { from: 0, to: 604_800_000, periodMinutes: 10080 } });
  add(app.runtime === 'FLINK-2_2' ? 'numRestarts' : 'fullRestarts', 0);
  add(
    'cpuUtilization',
    sine(busy ? 88 : 20 + random() * 40, 8, DAY_MINUTES, 3, 100),
  );
  add('heapMemoryUtilization', sine(35 + random() * 30, 6, 240, 2, 100));
  add(
    'containerCPUUtilization',
    sine(busy ? 85 : 25 + random() * 35, 8, 720, 2, 100),
  );
  add('containerMemoryUtilization', sine(40 + random() * 25, 5, 720, 1, 100));
  add('numberOfFailedCheckpoints', 0);
  add('lastCheckpointDuration', sine(800 + random() * 4000, 300, 180, 100));
  add(
    'numRecordsInPerSecond',
    sine(100 * app.parallelism, 40 * app.parallelism, DAY_MINUTES, 10),
  );
  return { application, metrics };
}

/** Everything one account-region serves: its clusters, applications and every metric of them. */
export function regionContent(
  plan: EstatePlan,
  place: AccountRegion,
): RegionInput {
  const clusters: ClusterInput[] = [];
  const flinkApplications: FlinkInput[] = [];
  const metrics: MetricInput[] = [];
  const here = (a: { accountId: string; region: string }) =>
    a.accountId === place.accountId && a.region === place.region;
  for (const planned of plan.clusters.filter(here)) {
    const content = clusterContent(plan, planned);
    clusters.push(content.cluster);
    metrics.push(...content.metrics);
  }
  plan.applications.forEach((planned, index) => {
    if (!here(planned)) return;
    const content = applicationContent(plan, planned, index);
    flinkApplications.push(content.application);
    metrics.push(...content.metrics);
  });
  return { clusters, flinkApplications, metrics };
}
