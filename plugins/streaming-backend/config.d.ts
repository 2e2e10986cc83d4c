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
    };
    inventory?: {
      /** Assets gone from AWS are deleted this many days after they were last seen. Default 7. */
      purgeGoneAfterDays?: number;
    };
    redaction?: {
      /**
       * Flink runtime properties whose key contains one of these (case-insensitive)
       * are stored and served as <redacted>. Default [password, secret, token, key, credential].
       */
      secretKeyPatterns?: string[];
    };
    /** Overrides of the health thresholds (see docs/health.md for defaults and sources). */
    health?: {
      /** MSK: warn when the busiest broker's CpuUser + CpuSystem reaches this (%). Default 60. */
      brokerCpuPercent?: number;
      /** Topics: warn below this replication factor. Default 3. */
      minReplicationFactor?: number;
      /** Flink: critical when `downtime` exceeds this (ms). Default 0. */
      flinkDowntimeMs?: number;
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
