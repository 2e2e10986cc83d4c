/**
 * What the sandbox's Cost Explorer bills the demo estate (examples/sandbox/demo.yaml).
 *
 * There is no AWS access here: the answers are modelled on the shape AWS
 * documents for Cost Explorer (`GetCostAndUsage` results by time with groups
 * keyed by `LINKED_ACCOUNT` and `<tag key>$<value>`), and the amounts are
 * ILLUSTRATIVE FIXTURES OF THE SANDBOX, set against the demo's estimates
 * (app-config.yaml's assumptions included). Most assets are billed about what
 * the estimate says; some differ on purpose (platform-shared carries data
 * transfer the estimate does not price, events-deduplicator ran smaller part
 * of the month, legacy-reporting is untagged), so the comparison has both
 * cases to show.
 */
export interface DemoBillLine {
  /** The account the usage is in (LINKED_ACCOUNT). */
  accountId: string;
  /** The service as Cost Explorer names it (SERVICE dimension). */
  service: string;
  resourceArn: string;
  /** Cost-allocation tags as Cost Explorer reports them (only activated keys). */
  tags: Record<string, string>;
  /** USD billed for a whole 30-day month; a period is billed pro rata by day. */
  monthlyUsd: number;
}

export const MSK_SERVICE_NAME = 'Amazon Managed Streaming for Apache Kafka';
export const FLINK_SERVICE_NAME = 'Amazon Managed Service for Apache Flink';

/** Other services' names, so a look-up has to pick the right ones. */
export const OTHER_SERVICE_NAMES = [
  'Amazon Elastic Compute Cloud - Compute',
  'Amazon Simple Storage Service',
  'Amazon Kinesis',
  'AmazonCloudWatch',
];

/** Payer (management) accounts and the accounts they pay for. */
export const PAYER_ACCOUNTS: Record<string, string[]> = {
  '111111111111': ['111111111111', '222222222222'],
};

export const DEMO_BILLS: DemoBillLine[] = [
  // agrees with the estimate
  {
    accountId: '111111111111',
    service: MSK_SERVICE_NAME,
    resourceArn:
      'arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1',
    tags: { owner: 'team-orders' },
    monthlyUsd: 746.76,
  },
  // a little above the estimate, whose backups are unknown
  {
    accountId: '111111111111',
    service: FLINK_SERVICE_NAME,
    resourceArn:
      'arn:aws:kinesisanalytics:us-east-1:111111111111:application/orders-enricher',
    tags: { owner: 'team-orders' },
    monthlyUsd: 262,
  },
  // agrees with the estimate with the demo's assumptions
  {
    accountId: '111111111111',
    service: MSK_SERVICE_NAME,
    resourceArn:
      'arn:aws:kafka:eu-west-1:111111111111:cluster/events-serverless/5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170-s1',
    tags: { owner: 'team-platform' },
    monthlyUsd: 1420,
  },
  // above the estimate: data transfer the estimate does not price
  {
    accountId: '111111111111',
    service: MSK_SERVICE_NAME,
    resourceArn:
      'arn:aws:kafka:us-west-2:111111111111:cluster/platform-shared/0b7f3a52-9c1e-4d8b-a6f0-3e2d1c0b9a87-1',
    tags: { owner: 'team-platform' },
    monthlyUsd: 1720,
  },
  // agrees, but untagged: counted for no owner
  {
    accountId: '111111111111',
    service: MSK_SERVICE_NAME,
    resourceArn:
      'arn:aws:kafka:us-west-2:111111111111:cluster/legacy-reporting/6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d-1',
    tags: {},
    monthlyUsd: 2700,
  },
  // agrees
  {
    accountId: '111111111111',
    service: FLINK_SERVICE_NAME,
    resourceArn:
      'arn:aws:kinesisanalytics:us-west-2:111111111111:application/payments-fraud-scorer',
    tags: { owner: 'team-payments' },
    monthlyUsd: 770,
  },
  // below the estimate: scaled down part of the month
  {
    accountId: '111111111111',
    service: FLINK_SERVICE_NAME,
    resourceArn:
      'arn:aws:kinesisanalytics:us-west-2:111111111111:application/events-deduplicator',
    tags: { owner: 'team-events' },
    monthlyUsd: 120,
  },
  // agrees
  {
    accountId: '222222222222',
    service: MSK_SERVICE_NAME,
    resourceArn:
      'arn:aws:kafka:us-east-1:222222222222:cluster/clickstream-express/2c9e8f1a-6d5b-4c3a-9e8f-7a6b5c4d3e2f-1',
    tags: { owner: 'team-analytics' },
    monthlyUsd: 1790,
  },
  // agrees
  {
    accountId: '222222222222',
    service: FLINK_SERVICE_NAME,
    resourceArn:
      'arn:aws:kinesisanalytics:us-east-1:222222222222:application/clickstream-sessionizer',
    tags: { owner: 'team-analytics' },
    monthlyUsd: 248,
  },
];
