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
import { AwsCallCounter, AwsClientFactory } from './clients';
import { readStreamingAwsConfig, StreamingAwsConfig } from './config';
import { mapWithConcurrency } from './readers/concurrency';
import { AwsCallError, AwsReadError, toAwsCallError } from './readers/errors';
import {
  FlinkApplicationRecord,
  listFlinkApplications,
  listFlinkTags,
} from './readers/flink';
import { LatestMetricQuery, readLatestMetricValues } from './readers/metrics';
import {
  listMskBrokerIds,
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

/** Everything one refresh learnt about one account and region. */
export interface AccountRegionSnapshot {
  accountId: string;
  region: string;
  clusters: MskClusterRecord[];
  /** Topics of the clusters whose topic listing succeeded. */
  topics: MskTopicRecord[];
  /** ARNs of clusters whose topics were listed, so a failed listing keeps the known topics. */
  topicsListedFor: string[];
  applications: FlinkApplicationRecord[];
  /** Latest CpuUser + CpuSystem of the busiest broker per cluster ARN (%), null when not measured. */
  clusterCpuPercent: Record<string, number | null>;
  /** Latest `downtime` per application ARN (ms), null when not measured. */
  flinkDowntimeMs: Record<string, number | null>;
  problems: AssetReadProblem[];
  /** AWS calls made, by operation. */
  calls: Record<string, number>;
}

/** Reads the streaming estate of one account and region from AWS. */
export interface StreamingAwsService {
  readonly config: StreamingAwsConfig;
  /**
   * Throws an AwsReadError when the account-region's listings fail (access
   * denied, throttled after retries, time-out); failures of one asset's details
   * are returned in `problems` instead.
   */
  readAccountRegion(accountId: string, region: string): Promise<AccountRegionSnapshot>;
}

export class DefaultStreamingAwsService implements StreamingAwsService {
  static fromConfig(
    rootConfig: Config,
    options: { credentialsManager?: AwsCredentialsManager } = {},
  ): DefaultStreamingAwsService {
    const config = readStreamingAwsConfig(rootConfig);
    const credentialsManager =
      options.credentialsManager ?? DefaultAwsCredentialsManager.fromConfig(rootConfig);
    return new DefaultStreamingAwsService(config, new AwsClientFactory(credentialsManager, config));
  }

  constructor(
    readonly config: StreamingAwsConfig,
    private readonly clientFactory: AwsClientFactory,
  ) {}

  async readAccountRegion(accountId: string, region: string): Promise<AccountRegionSnapshot> {
    const counter = new AwsCallCounter();
    let clients;
    try {
      clients = await this.clientFactory.create(accountId, region, counter);
    } catch (error) {
      throw new AwsReadError(toAwsCallError('GetCredentials', error));
    }
    const limit = this.config.maxConcurrency;
    const problems: AssetReadProblem[] = [];

    const [clusters, summaries] = await Promise.all([
      listMskClusters(clients.kafka),
      listFlinkApplications(clients.flink),
    ]);

    const topicLists = await mapWithConcurrency(clusters, limit, async cluster => {
      if (!supportsTopicApis(cluster) || cluster.state !== 'ACTIVE') return undefined;
      try {
        return await listMskTopics(clients.kafka, cluster);
      } catch (error) {
        problems.push({ assetArn: cluster.arn, error: detailOf(error, 'ListTopics') });
        return undefined;
      }
    });
    const topics = topicLists.flatMap(list => list ?? []);
    const topicsListedFor = clusters.filter((_, i) => topicLists[i] !== undefined).map(c => c.arn);

    const applications = await mapWithConcurrency(summaries, limit, async summary => {
      let tags: Record<string, string> = {};
      try {
        tags = await listFlinkTags(clients.flink, summary.arn);
      } catch (error) {
        problems.push({ assetArn: summary.arn, error: detailOf(error, 'ListTagsForResource') });
      }
      return { ...summary, tags };
    });

    // Broker ids name the per-broker CPU series; Serverless exposes no broker metrics.
    const provisioned = clusters.filter(c => c.clusterType !== 'serverless' && c.state === 'ACTIVE');
    const brokerIds = await mapWithConcurrency(provisioned, limit, async cluster => {
      try {
        return await listMskBrokerIds(clients.kafka, cluster.arn);
      } catch (error) {
        problems.push({ assetArn: cluster.arn, error: detailOf(error, 'ListNodes') });
        return [];
      }
    });

    const queries: LatestMetricQuery[] = [];
    provisioned.forEach((cluster, index) => {
      for (const brokerId of brokerIds[index]) {
        for (const metricName of ['CpuUser', 'CpuSystem']) {
          queries.push({
            key: `${cluster.arn}|${brokerId}|${metricName}`,
            namespace: 'AWS/Kafka',
            metricName,
            dimensions: { 'Cluster Name': cluster.name, 'Broker ID': String(brokerId) },
            stat: 'Average',
            periodSeconds: 60,
          });
        }
      }
    });
    for (const application of applications) {
      queries.push({
        key: `${application.arn}|downtime`,
        namespace: 'AWS/KinesisAnalytics',
        metricName: 'downtime',
        dimensions: { Application: application.name },
        stat: 'Maximum',
        periodSeconds: 60,
      });
    }

    let values = new Map<string, number | null>();
    let metricsFailed: AwsCallError | undefined;
    try {
      values = await readLatestMetricValues(clients.cloudwatch, queries);
    } catch (error) {
      // Metrics failing leaves health "unknown"; the inventory itself still counts.
      metricsFailed = detailOf(error, 'GetMetricData');
    }

    const clusterCpuPercent: Record<string, number | null> = {};
    provisioned.forEach((cluster, index) => {
      let busiest: number | null = null;
      for (const brokerId of brokerIds[index]) {
        const user = values.get(`${cluster.arn}|${brokerId}|CpuUser`);
        const system = values.get(`${cluster.arn}|${brokerId}|CpuSystem`);
        if (user === undefined || user === null || system === undefined || system === null) continue;
        busiest = Math.max(busiest ?? 0, user + system);
      }
      clusterCpuPercent[cluster.arn] = busiest;
      if (metricsFailed) problems.push({ assetArn: cluster.arn, error: metricsFailed });
    });
    const flinkDowntimeMs: Record<string, number | null> = {};
    for (const application of applications) {
      flinkDowntimeMs[application.arn] = values.get(`${application.arn}|downtime`) ?? null;
      if (metricsFailed) problems.push({ assetArn: application.arn, error: metricsFailed });
    }

    return {
      accountId,
      region,
      clusters,
      topics,
      topicsListedFor,
      applications,
      clusterCpuPercent,
      flinkDowntimeMs,
      problems,
      calls: counter.toJSON(),
    };
  }
}

function detailOf(error: unknown, operation: string): AwsCallError {
  return error instanceof AwsReadError ? error.detail : toAwsCallError(operation, error);
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
