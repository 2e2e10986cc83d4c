import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { PricingClient } from '@aws-sdk/client-pricing';
import { KafkaClient } from '@aws-sdk/client-kafka';
import { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { AsyncLocalStorage } from 'node:async_hooks';
import { readStreamingAwsConfig, StreamingAwsConfig } from './config';
import { paceRequests, requestsPerSecond } from './requestPacing';

/**
 * The counter of the operation in progress. Clients are shared between
 * refreshes and chart reads, so the counter travels with the call, not the
 * client.
 */
const currentCounter = new AsyncLocalStorage<AwsCallCounter>();

/** Counts AWS calls by operation name, e.g. `ListClustersV2`. */
export class AwsCallCounter {
  private readonly counts = new Map<string, number>();

  /** Runs `operation`, counting here every call it makes through AwsClientFactory's clients. */
  run<T>(operation: () => Promise<T>): Promise<T> {
    return currentCounter.run(this, operation);
  }

  record(operation: string): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort());
  }

  total(): number {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }
}

/** The SDK v3 clients for one account and region. */
export interface StreamingAwsClients {
  accountId: string;
  region: string;
  kafka: KafkaClient;
  flink: KinesisAnalyticsV2Client;
  cloudwatch: CloudWatchClient;
  /** MSK storage autoscaling targets and policies (the scaffolder's cluster action). */
  applicationAutoScaling: ApplicationAutoScalingClient;
  /** Log groups and streams for new Flink applications (the scaffolder's Flink action). */
  logs: CloudWatchLogsClient;
}

/** The billing clients of one account: list prices and the actual bill. */
export interface StreamingBillingClients {
  accountId: string;
  region: string;
  pricing: PricingClient;
  costExplorer: CostExplorerClient;
}

type CountableClient = {
  middlewareStack: {
    add: (
      middleware: (next: any, context: any) => (args: any) => Promise<any>,
      options: { step: 'initialize'; name: string },
    ) => void;
  };
};

/**
 * Builds SDK clients with the account's credentials from
 * `@backstage/integration-aws-node`, the configured endpoint override,
 * adaptive retries and a request time-out. One set of clients per account and
 * region is built and kept, so connections and adaptive retry's throttling
 * state carry over between calls.
 */
export class AwsClientFactory {
  /** The factory the inventory uses, from `streaming.aws` and the AWS integration config. */
  static fromConfig(rootConfig: Config): AwsClientFactory {
    return new AwsClientFactory(
      DefaultAwsCredentialsManager.fromConfig(rootConfig),
      readStreamingAwsConfig(rootConfig),
    );
  }

  private readonly cache = new Map<string, Promise<StreamingAwsClients>>();
  private readonly billingCache = new Map<
    string,
    Promise<StreamingBillingClients>
  >();

  constructor(
    private readonly credentialsManager: AwsCredentialsManager,
    private readonly config: StreamingAwsConfig,
  ) {}

  /**
   * The clients of an account and region. Calls are counted on the counter
   * whose `run` they are made in (see AwsCallCounter.run).
   */
  create(accountId: string, region: string): Promise<StreamingAwsClients> {
    const key = `${accountId}|${region}`;
    let clients = this.cache.get(key);
    if (!clients) {
      clients = this.build(accountId, region);
      this.cache.set(key, clients);
      // A failed credential look-up is not kept: the next call tries again.
      clients.catch(() => {
        if (this.cache.get(key) === clients) this.cache.delete(key);
      });
    }
    return clients;
  }

  /**
   * The Price List and Cost Explorer clients of an account, at the API's
   * region (the Price List Query API is served from us-east-1 and ap-south-1,
   * Cost Explorer from us-east-1). Built, kept and counted as `create`'s.
   */
  createBilling(
    accountId: string,
    apiRegion: string,
  ): Promise<StreamingBillingClients> {
    const key = `${accountId}|${apiRegion}`;
    let clients = this.billingCache.get(key);
    if (!clients) {
      clients = this.commonOptions(accountId, apiRegion).then(common => {
        const built: StreamingBillingClients = {
          accountId,
          region: apiRegion,
          pricing: new PricingClient(common),
          costExplorer: new CostExplorerClient(common),
        };
        countCalls(built.pricing as unknown as CountableClient);
        countCalls(built.costExplorer as unknown as CountableClient);
        return built;
      });
      this.billingCache.set(key, clients);
      clients.catch(() => {
        if (this.billingCache.get(key) === clients)
          this.billingCache.delete(key);
      });
    }
    return clients;
  }

  private async commonOptions(accountId: string, region: string) {
    const { sdkCredentialProvider } =
      await this.credentialsManager.getCredentialProvider({ accountId });
    return {
      region,
      credentials: sdkCredentialProvider,
      endpoint: this.config.endpoint,
      retryMode: 'adaptive' as const,
      maxAttempts: this.config.maxAttempts,
      requestHandler: {
        requestTimeout: this.config.requestTimeoutMs,
        connectionTimeout: this.config.requestTimeoutMs,
        // Without this the SDK only logs a slow request; a hung call must fail
        // so one slow account cannot stall the whole refresh.
        throwOnRequestTimeout: true,
      },
    };
  }

  private async build(
    accountId: string,
    region: string,
  ): Promise<StreamingAwsClients> {
    const common = await this.commonOptions(accountId, region);
    const clients: StreamingAwsClients = {
      accountId,
      region,
      kafka: new KafkaClient(common),
      flink: new KinesisAnalyticsV2Client(common),
      cloudwatch: new CloudWatchClient(common),
      applicationAutoScaling: new ApplicationAutoScalingClient(common),
      logs: new CloudWatchLogsClient(common),
    };
    for (const client of [
      clients.kafka,
      clients.flink,
      clients.cloudwatch,
      clients.applicationAutoScaling,
      clients.logs,
    ]) {
      countCalls(client as unknown as CountableClient);
    }
    // AWS's quotas are per account and region: one set of pacers per client set.
    const overrides = this.config.requestsPerSecond;
    paceRequests(clients.kafka, requestsPerSecond('kafka', overrides));
    paceRequests(clients.flink, requestsPerSecond('flink', overrides));
    paceRequests(
      clients.cloudwatch,
      requestsPerSecond('cloudwatch', overrides),
    );
    return clients;
  }
}

/**
 * Counts each logical call once on the current operation's counter: the
 * initialize step runs before the retry middleware, so retries of a throttled
 * call are not counted again.
 */
function countCalls(client: CountableClient) {
  client.middlewareStack.add(
    (next, context) => async args => {
      currentCounter
        .getStore()
        ?.record(
          String(context.commandName ?? 'unknown').replace(/Command$/, ''),
        );
      return next(args);
    },
    { step: 'initialize', name: 'streamingCallCounter' },
  );
}
