import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Backstage Streaming: Amazon MSK and Managed Service for Apache Flink. */
  streaming?: {
    aws?: {
      /**
       * Accounts and regions to read. Credentials for each account come from the
       * standard `aws.*` keys of @backstage/integration-aws-node (static keys,
       * profiles, or a role to assume with an optional external id).
       */
      accounts?: Array<{
        /** 12-digit AWS account id. */
        accountId: string;
        /** Regions to read in this account, e.g. [us-east-1, eu-west-1]. */
        regions: string[];
      }>;
      /**
       * Endpoint override for every AWS client, e.g. the local sandbox at
       * http://localhost:4566. Leave unset against real AWS.
       */
      endpoint?: string;
      /** Parallel AWS calls per account and region. Default 4. */
      maxConcurrency?: number;
      /** Time-out of one AWS HTTP request in milliseconds. Default 10000. */
      requestTimeoutMs?: number;
      /** Attempts per AWS call, retries included (adaptive retry mode). Default 4. */
      maxAttempts?: number;
      /**
       * Requests per second by AWS operation name (e.g. DescribeTopic: 20),
       * per account and region, replacing the built-in pacing figures
       * (docs/configuration.md); 0 turns pacing off for that operation.
       */
      requestsPerSecond?: { [operation: string]: number };
    };
    /**
     * When the inventory refresh runs. Default: every 15 minutes, 10-minute
     * time-out, 5-second initial delay. Give frequency and timeout together.
     */
    refresh?: {
      frequency?: { cron: string } | string | HumanDuration;
      timeout?: string | HumanDuration;
      initialDelay?: string | HumanDuration;
      /** POST /v1/refresh within this many seconds of the last refresh does nothing. Default 60. */
      debounceSeconds?: number;
      /**
       * DescribeTopic calls per account-region per refresh; topics beyond it
       * keep their stored configuration and are described on a later
       * refresh (never-described first). A whole number; 0 means no limit.
       * Default 400 (about 40 s at the assumed pace of 10 per second).
       */
      maxTopicDescribes?: number;
    };
    inventory?: {
      /** Assets gone from AWS are deleted this many days after they were last seen. Default 7. */
      purgeGoneAfterDays?: number;
    };
    entityCache?: {
      /**
       * Seconds an entity's streaming annotations stay resolved to assets
       * (0 to 30; 0 turns the cache off). Dropped when a refresh completes. Default 15.
       */
      ttlSeconds?: number;
    };
    redaction?: {
      /**
       * Flink runtime properties whose key contains one of these (case-insensitive)
       * are stored and served as <redacted>. Default [password, secret, token, key, credential].
       * Keys containing jaas, user.info or userinfo, values that assign a secret-named
       * option (password="…") and the password of a user:pass@ URL are redacted whatever is set here.
       */
      secretKeyPatterns?: string[];
    };
    /**
     * Overrides of the health thresholds; defaults, meanings and sources are in
     * docs/health.md (streaming-common health/thresholds.ts). Unknown keys are refused.
     */
    health?: {
      brokerCpuPercent?: number;
      brokerDiskUsedPercent?: number;
      brokerHeapAfterGcPercent?: number;
      underReplicatedPartitions?: number;
      offlinePartitions?: number;
      underMinIsrPartitions?: number;
      minActiveControllers?: number;
      partitionsPerBrokerPercent?: number;
      expressThroughputPercent?: number;
      throttleTimeMs?: number;
      minReplicationFactor?: number;
      minInsyncReplicas?: number;
      outOfSyncReplicas?: number;
      /** Consumer-lag objective in seconds (EstimatedMaxTimeLag). Default 300. */
      consumerLagSeconds?: number;
      flinkDowntimeMs?: number;
      flinkRestarts?: number;
      flinkFailedCheckpoints?: number;
      flinkCounterWindowMinutes?: number;
      flinkCheckpointDurationPercent?: number;
      flinkHeapPercent?: number;
      flinkContainerMemoryPercent?: number;
      flinkCpuPercent?: number;
      flinkBackpressureMsPerSecond?: number;
      flinkFailedOperationWindowHours?: number;
    };
    metrics?: {
      /**
       * Cap on CloudWatch series one refresh requests, split between its
       * account-region tasks in proportion to their assets, and (on the slow
       * schedule) covering consumer-group discovery. Default 5000.
       */
      maxSeriesPerRefresh?: number;
      /**
       * Schedule of the slower refresh of per-topic, per-consumer-group and
       * hourly metrics (and consumer-group discovery). Default every 30 minutes.
       */
      slowRefresh?: {
        frequency: { cron: string } | string | HumanDuration;
        timeout: string | HumanDuration;
        initialDelay?: string | HumanDuration;
      };
      /**
       * Whole hours (1 to 168) that cluster throughput is averaged over for
       * cost, $/GB and chargeback, read by the slow refresh over the last
       * whole hours. Default 1.
       */
      throughputWindowHours?: number;
      /** Chart requests per user and replica: a burst of `requests`, refilled over `perSeconds`. Default 60 per 60 s. */
      rateLimit?: { requests?: number; perSeconds?: number };
    };
    /**
     * Price overrides and settings; the shape and built-in us-east-1 prices
     * are in docs/cost.md. Refused at start-up: unknown items, names that are
     * not instance types, and negative prices. A broker instance type missing
     * from the built-in list is accepted with a start-up warning naming it.
     * Tiered storage (`standardTieredStorageGbMonth`, `standardTieredRetrievalGb`)
     * has no built-in price: set it here, or it is shown as unknown.
     */
    pricing?: {
      settings?: {
        expressStorageReplicaFactor?: 1 | 3;
        flinkRunningStorageMode?: 'allocated-charged' | 'first-50GB-free';
        /** Bytes in a billed GB: decimal 10^9 (default) or binary 2^30; see docs/cost.md. */
        gbUnit?: 'decimal' | 'binary';
      };
      brokers?: {
        [instanceType: string]:
          | number
          | { usd: number; source?: string; asOf?: string };
      };
      items?: {
        [item: string]:
          | number
          | { usd: number; source?: string; asOf?: string };
      };
      regions?: {
        [region: string]: {
          brokers?: {
            [instanceType: string]:
              | number
              | { usd: number; source?: string; asOf?: string };
          };
          items?: {
            [item: string]:
              | number
              | { usd: number; source?: string; asOf?: string };
          };
        };
      };
      /** Usage no AWS API gives (Serverless partitions and storage, Flink backups), per asset ARN. */
      assumptions?: Array<{
        arn: string;
        partitionCount?: number;
        storedGB?: number;
        backupGB?: number;
        /** GB read back from tiered storage in a month (Standard, StorageMode TIERED). */
        tieredRetrievalGB?: number;
      }>;
    };
    /**
     * List prices from the AWS Price List Query API (`GetProducts`, service
     * codes AmazonMSK and AmazonKinesisAnalytics), read at start-up and daily
     * for every configured account's region and `regions`, stored with the
     * price list version and date. A failed read keeps the stored prices;
     * `pricing` still wins over them and the built-in table is the fallback.
     */
    priceList?: {
      /** Default true. */
      enabled?: boolean;
      /** Whose credentials call the API (any account may). Default the first of streaming.aws.accounts. */
      accountId?: string;
      /** us-east-1 (default) or ap-south-1, where AWS serves the API. */
      apiRegion?: 'us-east-1' | 'ap-south-1';
      /** Regions priced besides the accounts' regions. */
      regions?: string[];
      /** Default: every 24 h, first 5 s after start-up. */
      schedule?: {
        frequency?: { cron: string } | string | HumanDuration;
        timeout?: string | HumanDuration;
        initialDelay?: string | HumanDuration;
      };
    };
    /**
     * The actual bill from Cost Explorer beside the estimate: last full month
     * and month to date by linked account and owner cost-allocation tag, and
     * per resource (last 14 days) where resource-level data is enabled.
     * Cost Explorer charges per request: reads are cached in the database.
     */
    costExplorer?: {
      /** Default false. */
      enabled?: boolean;
      /** Payer (management) account(s) whose Cost Explorer covers the configured accounts. Required when enabled. */
      payerAccountIds?: string[];
      /** The cost-allocation tag the owner roll-up groups by. Default the first of streaming.ownership.tagKeys. */
      tagKey?: string;
      /** Read per-resource costs (GetCostAndUsageWithResources). Default false. */
      resourceLevel?: boolean;
      /** At most this many Cost Explorer requests a day per payer account. Default 20. */
      maxRequestsPerDay?: number;
      /** Actual and estimate differing by more than this % get a reason in words. Default 10. */
      differenceThresholdPercent?: number;
      /** Default: every 24 h, first 5 s after start-up. */
      schedule?: {
        frequency?: { cron: string } | string | HumanDuration;
        timeout?: string | HumanDuration;
        initialDelay?: string | HumanDuration;
      };
    };
    chargeback?: {
      /**
       * Regular expression of internal topic names (Kafka's and MSK's own,
       * e.g. __consumer_offsets, __amazon_msk_canary). Their part of a
       * cluster's cost is shown as the cluster's platform overhead, never in a
       * team's share. Default '^__'.
       */
      internalTopicPattern?: string;
      /**
       * How a shared cluster's fixed cost (brokers, provisioned storage and
       * throughput) is split across its topics: partitionsShare by each
       * topic's partitions, bytesShare by its bytes in and out. Numbers from 0
       * to 1 that sum to 1 (one given: the other is the rest). Usage-priced
       * parts (per-GB data, partition-hours) always go to the topic that
       * caused them. Default { partitionsShare: 0.3, bytesShare: 0.7 }.
       */
      model?: {
        partitionsShare?: number;
        bytesShare?: number;
      };
    };
    history?: {
      /** Days of daily cost history kept; older days are purged. Default 400. */
      retentionDays?: number;
      /**
       * Days reconstructed from CloudWatch daily throughput on first start
       * (no history yet), at today's sizes and prices. 0 turns it off.
       * At most 455 (CloudWatch keeps hourly data that long). Default 90.
       */
      backfillDays?: number;
    };
    flink?: {
      /**
       * KPUs one application may use (the Managed Flink per-application quota).
       * Each application's KPU usage is shown against it. Default 64.
       */
      kpuLimit?: number;
    };
    ownership?: {
      /** Tag keys, in order, whose value names the owning group. Default [owner, team]. */
      tagKeys?: string[];
      /**
       * Tag value to group entity ref, for tag values that are not group names,
       * e.g. { 'Orders Team': 'group:default/team-orders' }.
       */
      groupMapping?: { [tagValue: string]: string };
    };
  };
}
