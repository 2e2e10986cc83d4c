import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import type {
  FlinkApplicationDetails,
  FlinkOperation,
  KafkaClusterDetails,
} from '@backstage-streaming/plugin-streaming-common';
import {
  AwsCallCounter,
  AwsClientFactory,
  StreamingAwsClients,
} from './clients';
import { readStreamingAwsConfig, StreamingAwsConfig } from './config';
import { SeriesBudget } from './seriesBudget';
import {
  KnownTopic,
  planTopicDescribes,
  topicFingerprint,
} from './topicDescribes';
import { mapWithConcurrency } from './readers/concurrency';
import { AwsCallError, AwsReadError, toAwsCallError } from './readers/errors';
import {
  describeFlinkApplication,
  FlinkApplicationRecord,
  FlinkApplicationSummaryRecord,
  listFlinkApplications,
  listFlinkOperations,
  listFlinkTags,
  redactPropertyGroups,
} from './readers/flink';
import {
  listMetrics,
  ListedMetric,
  MetricPoint,
  MetricSeriesQuery,
  readMetricSeries,
} from './readers/metrics';
import {
  ConsumerGroupRecord,
  readConsumerGroups,
} from './readers/consumerGroups';
import {
  readServerlessTopics,
  ServerlessTopicDiscovery,
} from './readers/serverlessTopics';
import {
  describeMskCluster,
  describeMskTopicConfigs,
  listMskBrokers,
  listMskClusters,
  listMskTopics,
  MskClusterRecord,
  MskTopicRecord,
  supportsTopicApis,
} from './readers/msk';

/** A failure that affected one asset, not the whole account and region. */
export interface AssetReadProblem {
  /** ARN of the asset whose details could not be read. */
  assetArn: string;
  error: AwsCallError;
}

/**
 * What the previous refresh stored, so unchanged assets are not described
 * again: a refresh of an unchanged estate costs listing calls only.
 */
export interface PreviousInventory {
  clusters: Map<
    string,
    { currentVersion: string | null; details: KafkaClusterDetails | null }
  >;
  topics: Map<string, KnownTopic>;
  applications: Map<string, KnownApplication>;
}

/**
 * How one read of an account and region may spend its calls.
 *
 * @public
 */
export interface ReadAccountRegionOptions {
  /**
   * DescribeTopic calls this read may make (streaming.refresh.maxTopicDescribes);
   * 0 or absent: no limit. Topics beyond it keep what was stored and are
   * described on a later read (planTopicDescribes says which come first).
   */
  maxTopicDescribes?: number;
}

/** What the previous refresh stored of one Flink application. */
export interface KnownApplication {
  versionId: number | null;
  details: FlinkApplicationDetails | null;
  /** The listing's status when stored; absent in rows stored before it was kept. */
  status?: string | null;
  /** From ListApplicationOperations; null or absent when never listed. */
  operations?: FlinkOperation[] | null;
}

/**
 * Whether an application must be described (again): when not described yet,
 * when its ApplicationVersionId moved, and on every refresh while it
 * autoscales or has autoscaling enabled, because AWS does not document that
 * autoscaling changes the version id and CurrentParallelism would go stale.
 */
export function applicationNeedsDescribe(
  summary: Pick<FlinkApplicationSummaryRecord, 'versionId' | 'status'>,
  known: KnownApplication | undefined,
): boolean {
  if (!known?.details || known.versionId !== summary.versionId) return true;
  if (summary.status === 'AUTOSCALING') return true;
  return known.details.parallelism.autoScalingEnabled === true;
}

/**
 * Whether an application's operations must be listed (again). Every
 * operation AWS records (update, rollback, start, stop, ...) moves the
 * ApplicationVersionId or the status in the listing, so an application whose
 * listing is unchanged keeps its stored operations; one still in progress is
 * listed again until it ends.
 */
export function applicationNeedsOperations(
  summary: Pick<FlinkApplicationSummaryRecord, 'versionId' | 'status'>,
  known: KnownApplication | undefined,
): boolean {
  if (!known?.operations) return true;
  if (known.versionId !== summary.versionId) return true;
  if ((known.status ?? null) !== summary.status) return true;
  return known.operations.some(op => op.status === 'IN_PROGRESS');
}

/** Everything one refresh learnt about one account and region. */
export interface AccountRegionSnapshot {
  accountId: string;
  region: string;
  clusters: MskClusterRecord[];
  /** Topics of the clusters whose topic listing succeeded. */
  topics: MskTopicRecord[];
  /** ARNs of clusters whose topics were listed, so a failed listing keeps the known topics. */
  topicsListedFor: string[];
  /** ARNs of provisioned clusters where the topic APIs do not exist (Kafka older than 3.6). */
  topicApisUnavailableFor: string[];
  applications: FlinkApplicationRecord[];
  problems: AssetReadProblem[];
  /** AWS calls made, by operation. */
  calls: Record<string, number>;
  /** Topics that needed a DescribeTopic but were left for a later read: the budget was spent. */
  topicsDeferred: number;
  /** Topics still awaiting a DescribeTopic after this read: the deferred ones and those whose describe failed. */
  topicsAwaitingDescribe: number;
}

/** Reads the streaming estate of one account and region from AWS. */
export interface StreamingAwsService {
  readonly config: StreamingAwsConfig;
  /**
   * Throws an AwsReadError when the account-region's listings fail (access
   * denied, throttled after retries, time-out); failures of one asset's details
   * are returned in `problems` instead.
   */
  readAccountRegion(
    accountId: string,
    region: string,
    previous?: PreviousInventory,
    options?: ReadAccountRegionOptions,
  ): Promise<AccountRegionSnapshot>;

  /** Datapoints of CloudWatch series in one account and region; calls are counted on `counter` when given. */
  readMetricSeries(
    accountId: string,
    region: string,
    queries: MetricSeriesQuery[],
    range: { start: Date; end: Date },
    counter?: AwsCallCounter,
  ): Promise<Map<string, MetricPoint[]>>;

  /** The series CloudWatch holds for a metric with these dimension values (e.g. a Flink job's tasks). */
  listMetricSeries(
    accountId: string,
    region: string,
    filter: {
      namespace: string;
      metricName: string;
      dimensions: Record<string, string>;
    },
    counter?: AwsCallCounter,
  ): Promise<ListedMetric[]>;

  /**
   * Consumer groups of the named clusters with their latest lag, from
   * CloudWatch. The lag series are drawn from `budget` when given; a group
   * whose series do not fit is listed with unknown lag.
   */
  readConsumerGroups(
    accountId: string,
    region: string,
    clusterNames: string[],
    options?: { counter?: AwsCallCounter; budget?: SeriesBudget },
  ): Promise<ConsumerGroupRecord[]>;

  /**
   * Topics of the named MSK Serverless clusters that carried traffic in the
   * last 14 days, from CloudWatch; a cluster whose read failed says why.
   */
  readServerlessTopics(
    accountId: string,
    region: string,
    clusterNames: string[],
  ): Promise<ServerlessTopicDiscovery[]>;
}

const EMPTY_PREVIOUS: PreviousInventory = {
  clusters: new Map(),
  topics: new Map(),
  applications: new Map(),
};

export class DefaultStreamingAwsService implements StreamingAwsService {
  static fromConfig(
    rootConfig: Config,
    options: { credentialsManager?: AwsCredentialsManager } = {},
  ): DefaultStreamingAwsService {
    const config = readStreamingAwsConfig(rootConfig);
    const credentialsManager =
      options.credentialsManager ??
      DefaultAwsCredentialsManager.fromConfig(rootConfig);
    return new DefaultStreamingAwsService(
      config,
      new AwsClientFactory(credentialsManager, config),
    );
  }

  constructor(
    readonly config: StreamingAwsConfig,
    private readonly clientFactory: AwsClientFactory,
  ) {}

  async readAccountRegion(
    accountId: string,
    region: string,
    previous: PreviousInventory = EMPTY_PREVIOUS,
    options: ReadAccountRegionOptions = {},
  ): Promise<AccountRegionSnapshot> {
    const counter = new AwsCallCounter();
    return counter.run(() =>
      this.readAccountRegionCounted(
        accountId,
        region,
        previous,
        options,
        counter,
      ),
    );
  }

  private async readAccountRegionCounted(
    accountId: string,
    region: string,
    previous: PreviousInventory,
    options: ReadAccountRegionOptions,
    counter: AwsCallCounter,
  ): Promise<AccountRegionSnapshot> {
    let clients: StreamingAwsClients;
    try {
      clients = await this.clientFactory.create(accountId, region);
    } catch (error) {
      throw new AwsReadError(toAwsCallError('GetCredentials', error));
    }
    const problems: AssetReadProblem[] = [];
    let listedClusters: MskClusterRecord[];
    let summaries: Awaited<ReturnType<typeof listFlinkApplications>>;
    try {
      [listedClusters, summaries] = await Promise.all([
        listMskClusters(clients.kafka),
        listFlinkApplications(clients.flink),
      ]);
    } catch (error) {
      // The listings decide what exists: without them nothing can be replaced.
      throw new AwsReadError(detailOf(error, 'List'), counter.toJSON());
    }

    // MSK and Managed Flink have their own clients and request quotas: read
    // them side by side, so the refresh takes the longer of the two, not the sum.
    const readKafka = async () => {
      const described = await this.describeChangedClusters(
        clients,
        listedClusters,
        previous,
        problems,
      );
      // Brokers and topics have their own quotas too.
      const [withBrokers, topicsRead] = await Promise.all([
        this.listBrokers(clients, described, problems),
        this.readTopics(
          clients,
          described,
          previous,
          options.maxTopicDescribes ?? 0,
          problems,
        ),
      ]);
      return { clusters: withBrokers, ...topicsRead };
    };
    const [
      {
        clusters,
        topics,
        topicsListedFor,
        topicApisUnavailableFor,
        topicsDeferred,
        topicsAwaitingDescribe,
      },
      applications,
    ] = await Promise.all([
      readKafka(),
      this.readApplications(clients, summaries, previous, problems),
    ]);

    return {
      accountId,
      region,
      clusters,
      topics,
      topicsListedFor,
      topicApisUnavailableFor,
      applications,
      problems,
      calls: counter.toJSON(),
      topicsDeferred,
      topicsAwaitingDescribe,
    };
  }

  async readMetricSeries(
    accountId: string,
    region: string,
    queries: MetricSeriesQuery[],
    range: { start: Date; end: Date },
    counter?: AwsCallCounter,
  ): Promise<Map<string, MetricPoint[]>> {
    const clients = await this.clientsFor(accountId, region);
    return countedOn(counter, () =>
      readMetricSeries(clients.cloudwatch, queries, range),
    );
  }

  async listMetricSeries(
    accountId: string,
    region: string,
    filter: {
      namespace: string;
      metricName: string;
      dimensions: Record<string, string>;
    },
    counter?: AwsCallCounter,
  ): Promise<ListedMetric[]> {
    const clients = await this.clientsFor(accountId, region);
    return countedOn(counter, () => listMetrics(clients.cloudwatch, filter));
  }

  async readConsumerGroups(
    accountId: string,
    region: string,
    clusterNames: string[],
    options: { counter?: AwsCallCounter; budget?: SeriesBudget } = {},
  ): Promise<ConsumerGroupRecord[]> {
    const clients = await this.clientsFor(accountId, region);
    return countedOn(options.counter, () =>
      readConsumerGroups(clients.cloudwatch, clusterNames, {
        budget: options.budget,
      }),
    );
  }

  async readServerlessTopics(
    accountId: string,
    region: string,
    clusterNames: string[],
  ): Promise<ServerlessTopicDiscovery[]> {
    const clients = await this.clientsFor(accountId, region);
    return readServerlessTopics(clients.cloudwatch, clusterNames);
  }

  private async clientsFor(
    accountId: string,
    region: string,
  ): Promise<StreamingAwsClients> {
    try {
      return await this.clientFactory.create(accountId, region);
    } catch (error) {
      throw new AwsReadError(toAwsCallError('GetCredentials', error));
    }
  }

  /** Describes a cluster only when its CurrentVersion moved since the last refresh. */
  private async describeChangedClusters(
    clients: StreamingAwsClients,
    listed: MskClusterRecord[],
    previous: PreviousInventory,
    problems: AssetReadProblem[],
  ): Promise<MskClusterRecord[]> {
    return mapWithConcurrency(
      listed,
      this.config.maxConcurrency,
      async cluster => {
        const known = previous.clusters.get(cluster.arn);
        if (known?.details && known.currentVersion === cluster.currentVersion) {
          return { ...cluster, details: known.details };
        }
        try {
          const described = await describeMskCluster(
            clients.kafka,
            cluster.arn,
          );
          // The listing's tags stay authoritative; the description adds the rest.
          return { ...described, tags: cluster.tags };
        } catch (error) {
          problems.push({
            assetArn: cluster.arn,
            error: detailOf(error, 'DescribeClusterV2'),
          });
          return { ...cluster, details: known?.details ?? cluster.details };
        }
      },
    );
  }

  /** Brokers are a listing: read every time for provisioned, active clusters. */
  private async listBrokers(
    clients: StreamingAwsClients,
    clusters: MskClusterRecord[],
    problems: AssetReadProblem[],
  ): Promise<MskClusterRecord[]> {
    return mapWithConcurrency(
      clusters,
      this.config.maxConcurrency,
      async cluster => {
        if (cluster.clusterType === 'serverless' || cluster.state !== 'ACTIVE')
          return cluster;
        try {
          return {
            ...cluster,
            brokers: await listMskBrokers(clients.kafka, cluster.arn),
          };
        } catch (error) {
          problems.push({
            assetArn: cluster.arn,
            error: detailOf(error, 'ListNodes'),
          });
          return cluster;
        }
      },
    );
  }

  /**
   * Lists every topic (partitions, replication and out-of-sync replicas are
   * always current) and describes at most `maxDescribes` of those that need
   * it (planTopicDescribes); the others keep their stored configs.
   */
  private async readTopics(
    clients: StreamingAwsClients,
    clusters: MskClusterRecord[],
    previous: PreviousInventory,
    maxDescribes: number,
    problems: AssetReadProblem[],
  ) {
    const limit = this.config.maxConcurrency;
    const topicApisUnavailableFor = clusters
      .filter(c => c.clusterType !== 'serverless' && !supportsTopicApis(c))
      .map(c => c.arn);
    const lists = await mapWithConcurrency(clusters, limit, async cluster => {
      if (!supportsTopicApis(cluster) || cluster.state !== 'ACTIVE')
        return undefined;
      try {
        return await listMskTopics(clients.kafka, cluster);
      } catch (error) {
        problems.push({
          assetArn: cluster.arn,
          error: detailOf(error, 'ListTopics'),
        });
        return undefined;
      }
    });
    const listed = lists.flatMap(list => list ?? []);
    const plan = planTopicDescribes(listed, previous.topics, maxDescribes);
    const described = new Map<string, MskTopicRecord>();
    await mapWithConcurrency(plan.describe, limit, async topic => {
      try {
        described.set(topic.arn, {
          ...topic,
          configs: await describeMskTopicConfigs(
            clients.kafka,
            topic.clusterArn,
            topic.name,
          ),
          configsFingerprint: topicFingerprint(topic),
        });
      } catch (error) {
        problems.push({
          assetArn: topic.arn,
          error: detailOf(error, 'DescribeTopic'),
        });
        described.set(topic.arn, {
          ...keptConfigs(topic, previous.topics.get(topic.arn)),
          describeFailed: true,
        });
      }
    });
    const topics = listed.map(
      topic =>
        described.get(topic.arn) ??
        keptConfigs(topic, previous.topics.get(topic.arn)),
    );
    const failed = [...described.values()].filter(t => t.describeFailed);
    return {
      topics,
      topicsListedFor: clusters
        .filter((_, i) => lists[i] !== undefined)
        .map(c => c.arn),
      topicApisUnavailableFor,
      topicsDeferred: plan.deferred.length,
      topicsAwaitingDescribe: plan.deferred.length + failed.length,
    };
  }

  /**
   * Describes an application only when applicationNeedsDescribe says so, and
   * lists its operations only when applicationNeedsOperations does.
   */
  private async readApplications(
    clients: StreamingAwsClients,
    summaries: Awaited<ReturnType<typeof listFlinkApplications>>,
    previous: PreviousInventory,
    problems: AssetReadProblem[],
  ): Promise<FlinkApplicationRecord[]> {
    const patterns = this.config.secretKeyPatterns;
    return mapWithConcurrency(
      summaries,
      this.config.maxConcurrency,
      async summary => {
        const known = previous.applications.get(summary.arn);
        let details = known?.details
          ? {
              ...known.details,
              propertyGroups: redactPropertyGroups(
                known.details.propertyGroups,
                patterns,
              ),
            }
          : null;
        if (applicationNeedsDescribe(summary, known)) {
          try {
            details = await describeFlinkApplication(
              clients.flink,
              summary.name,
              patterns,
            );
          } catch (error) {
            problems.push({
              assetArn: summary.arn,
              error: detailOf(error, 'DescribeApplication'),
            });
          }
        }
        let tags: Record<string, string> = {};
        try {
          tags = await listFlinkTags(clients.flink, summary.arn);
        } catch (error) {
          problems.push({
            assetArn: summary.arn,
            error: detailOf(error, 'ListTagsForResource'),
          });
        }
        let operations = known?.operations ?? null;
        if (applicationNeedsOperations(summary, known)) {
          try {
            operations = await listFlinkOperations(clients.flink, summary.name);
          } catch (error) {
            problems.push({
              assetArn: summary.arn,
              error: detailOf(error, 'ListApplicationOperations'),
            });
          }
        }
        return { ...summary, tags, details, operations };
      },
    );
  }
}

/** Runs `operation` counting its calls on `counter`, when there is one. */
function countedOn<T>(
  counter: AwsCallCounter | undefined,
  operation: () => Promise<T>,
): Promise<T> {
  return counter ? counter.run(operation) : operation();
}

/**
 * A listed topic with what the previous refresh stored of its configuration:
 * the configs, the listing they were read at (not this one, so the topic
 * still reads as changed until described), and a failed describe.
 */
function keptConfigs(
  topic: MskTopicRecord,
  known: KnownTopic | undefined,
): MskTopicRecord {
  return {
    ...topic,
    configs: known?.configs ?? null,
    configsFingerprint: known?.configs ? known.fingerprint : null,
    ...(known?.describeFailed ? { describeFailed: true } : {}),
  };
}

function detailOf(error: unknown, operation: string): AwsCallError {
  return error instanceof AwsReadError
    ? error.detail
    : toAwsCallError(operation, error);
}

/** The AWS access every streaming backend package shares; replace it in tests. */
export const streamingAwsServiceRef = createServiceRef<StreamingAwsService>({
  id: 'streaming.aws',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => DefaultStreamingAwsService.fromConfig(config),
    }),
});
