import {
  AssetCost,
  ChargebackModel,
  ClusterCostBreakdown,
  DEFAULT_CHARGEBACK_MODEL,
  DEFAULT_INTERNAL_TOPIC_PATTERN,
  isInternalTopic,
  splitClusterCost,
} from '@backstage-streaming/plugin-streaming-common';
import { Knex } from 'knex';

/**
 * A stored estate written straight into the view tables, as the refresh's
 * derivation step would leave it: three clusters (one tagged for team-orders,
 * one shared and untagged, one in another account for team-analytics), their
 * topics, two consumer groups and two Flink applications. Each cluster's
 * stored cost carries its split over its topics by the chargeback model, as
 * the derivation stores it; the shared (Express) cluster has a usage-priced
 * part (data in) and an internal topic, `__consumer_offsets`.
 */
export const ACCOUNT_1 = '111111111111';
export const ACCOUNT_2 = '222222222222';
export const ORDERS_CLUSTER = `arn:aws:kafka:us-east-1:${ACCOUNT_1}:cluster/orders/u-1`;
export const SHARED_CLUSTER = `arn:aws:kafka:us-east-1:${ACCOUNT_1}:cluster/shared/u-2`;
export const ANALYTICS_CLUSTER = `arn:aws:kafka:eu-west-1:${ACCOUNT_2}:cluster/analytics/u-3`;
export const TEAM_ORDERS = 'group:default/team-orders';
export const TEAM_ANALYTICS = 'group:default/team-analytics';
export const TEAM_A = 'group:default/team-a';
export const TEAM_B = 'group:default/team-b';
export const ENRICHER_APP = `arn:aws:kinesisanalytics:us-east-1:${ACCOUNT_1}:application/enricher`;
export const SCORER_APP = `arn:aws:kinesisanalytics:eu-west-1:${ACCOUNT_2}:application/scorer`;

export const CLUSTER_COSTS = {
  [ORDERS_CLUSTER]: 1000,
  [SHARED_CLUSTER]: 600,
  [ANALYTICS_CLUSTER]: 400,
};
export const APP_COSTS = { [ENRICHER_APP]: 250.5, [SCORER_APP]: 120.25 };

/** A row of streaming_asset_views as the tests write it. */
export type ViewRow = Record<string, string | number | boolean | null>;

const HEALTH = ['healthy', 'unknown', 'warning', 'critical'] as const;

const CLUSTER_TYPES: Record<string, string> = {
  [ORDERS_CLUSTER]: 'standard',
  [SHARED_CLUSTER]: 'express',
  [ANALYTICS_CLUSTER]: 'serverless',
};

/**
 * What the Express shared cluster's $600 is made of: data in is usage-priced
 * (it goes to the topics that wrote it), the rest is the shared fixed cost.
 */
export const SHARED_BREAKDOWN: ClusterCostBreakdown = {
  totalUsd: CLUSTER_COSTS[SHARED_CLUSTER],
  sharedUsd: 480,
  dataInUsd: 120,
  dataOutUsd: 0,
  partitionHoursUsd: 0,
};

/** The shared cluster's internal topic: its share is platform overhead. */
export const INTERNAL_TOPIC = `${SHARED_CLUSTER.replace(
  ':cluster/',
  ':topic/',
)}/__consumer_offsets`;

/** A topic's share on an owned cluster; every eleventh is unpriced. */
const ownShare = (i: number) => (i % 11 === 0 ? null : (i % 997) / 10);

function view(row: Partial<ViewRow> & { arn: string; name: string }): ViewRow {
  const health = (row.health_status as string) ?? 'healthy';
  return {
    asset_type: 'kafka-topic',
    account_id: ACCOUNT_1,
    region: 'us-east-1',
    name_lower: row.name.toLocaleLowerCase('en-US'),
    cluster_arn: null,
    cluster_type: null,
    owner: null,
    tag_owner: null,
    unowned: false,
    health_status: health,
    health_rank: HEALTH.indexOf(health as (typeof HEALTH)[number]),
    monthly_usd: null,
    cost_complete: null,
    usd_per_gb_in: null,
    bytes_in_per_sec: null,
    bytes_out_per_sec: null,
    max_lag: null,
    kpus: null,
    kpu_limit_usage: null,
    partitions: null,
    saving_usd: null,
    stale: false,
    gone: false,
    cost: null,
    kpu: null,
    derived_at: '2026-11-30T10:00:00.000Z',
    ...row,
    // As AssetViewStore writes it.
    owner_lower:
      typeof row.owner === 'string'
        ? row.owner.toLocaleLowerCase('en-US')
        : null,
  };
}

export interface EstateFixture {
  views: ViewRow[];
  tags: Array<{ arn: string; key: string; value: string }>;
  claims: Array<{ arn: string; owner: string }>;
  attachments: Array<{ arn: string; entity_ref: string; entity_owner: string }>;
}

/**
 * The estate with `topicCount` topics spread over the three clusters: on the
 * orders cluster owned by its tags, on the shared cluster claimed by team-a,
 * team-b or nobody, on the analytics cluster owned by its tags. A few names
 * carry LIKE wildcards and mixed case; some topics lack partitions or a cost,
 * so sorts meet nulls.
 */
export function buildEstate(
  topicCount: number,
  model: ChargebackModel = DEFAULT_CHARGEBACK_MODEL,
): EstateFixture {
  const views: ViewRow[] = [
    view({
      arn: ORDERS_CLUSTER,
      asset_type: 'kafka-cluster',
      name: 'orders',
      cluster_type: 'standard',
      owner: TEAM_ORDERS,
      tag_owner: TEAM_ORDERS,
      monthly_usd: CLUSTER_COSTS[ORDERS_CLUSTER],
      cost_complete: true,
      usd_per_gb_in: 0.5,
      bytes_in_per_sec: 1_000_000,
      partitions: 900,
      saving_usd: 300,
      cost: JSON.stringify({
        rightsizing: {
          recommendations: [
            {
              message: 'Brokers idle',
              options: [
                { change: 'kafka.m7g.large × 3', monthlyUsdDelta: -300 },
                { change: 'kafka.m7g.xlarge × 2', monthlyUsdDelta: -100 },
              ],
            },
          ],
        },
      }),
    }),
    view({
      arn: SHARED_CLUSTER,
      asset_type: 'kafka-cluster',
      name: 'shared',
      cluster_type: 'express',
      unowned: true,
      monthly_usd: CLUSTER_COSTS[SHARED_CLUSTER],
      cost_complete: false,
      usd_per_gb_in: 0.3,
      bytes_in_per_sec: 2_000_000,
      health_status: 'warning',
    }),
    view({
      arn: ANALYTICS_CLUSTER,
      asset_type: 'kafka-cluster',
      name: 'analytics',
      account_id: ACCOUNT_2,
      region: 'eu-west-1',
      cluster_type: 'serverless',
      owner: TEAM_ANALYTICS,
      tag_owner: TEAM_ANALYTICS,
      monthly_usd: CLUSTER_COSTS[ANALYTICS_CLUSTER],
      cost_complete: true,
      health_status: 'critical',
      saving_usd: 50,
    }),
    view({
      arn: ENRICHER_APP,
      asset_type: 'flink-application',
      name: 'enricher',
      owner: TEAM_ORDERS,
      tag_owner: TEAM_ORDERS,
      monthly_usd: APP_COSTS[ENRICHER_APP],
      cost_complete: true,
      kpus: 9,
      kpu_limit_usage: 0.28125,
      kpu: JSON.stringify({ limit: 32 }),
    }),
    view({
      arn: SCORER_APP,
      asset_type: 'flink-application',
      name: 'scorer',
      account_id: ACCOUNT_2,
      region: 'eu-west-1',
      unowned: true,
      monthly_usd: APP_COSTS[SCORER_APP],
      cost_complete: true,
      kpus: 24,
      kpu_limit_usage: 0.75,
      kpu: JSON.stringify({ limit: 32 }),
    }),
    view({
      arn: `${ORDERS_CLUSTER.replace(':cluster/', ':group/')}/fulfilment`,
      asset_type: 'consumer-group',
      name: 'fulfilment',
      cluster_arn: ORDERS_CLUSTER,
      cluster_type: 'standard',
      owner: TEAM_ORDERS,
      tag_owner: TEAM_ORDERS,
      max_lag: 1200,
    }),
    view({
      arn: `${SHARED_CLUSTER.replace(':cluster/', ':group/')}/reporting`,
      asset_type: 'consumer-group',
      name: 'reporting',
      cluster_arn: SHARED_CLUSTER,
      cluster_type: 'express',
      unowned: true,
      max_lag: 5,
    }),
  ];
  const tags: EstateFixture['tags'] = [
    { arn: ORDERS_CLUSTER, key: 'owner', value: 'team-orders' },
    { arn: ORDERS_CLUSTER, key: 'env', value: 'prod' },
    { arn: ANALYTICS_CLUSTER, key: 'owner', value: 'team-analytics' },
    { arn: ANALYTICS_CLUSTER, key: 'env', value: 'dev' },
  ];
  const claims: EstateFixture['claims'] = [];
  const attachments: EstateFixture['attachments'] = [
    {
      arn: ORDERS_CLUSTER,
      entity_ref: 'component:default/orders-service',
      entity_owner: TEAM_ORDERS,
    },
  ];
  // A topic's tags are its cluster's.
  const clusterTags = new Map<string, typeof tags>();
  for (const tag of tags) {
    clusterTags.set(tag.arn, [...(clusterTags.get(tag.arn) ?? []), tag]);
  }
  for (let i = 0; i < topicCount; i++) {
    const clusterArn = [ORDERS_CLUSTER, SHARED_CLUSTER, ANALYTICS_CLUSTER][
      i % 3
    ];
    const special = [
      'Orders.Created',
      'pay%ments_50',
      'paymentsX50',
      'payments_500',
    ];
    let name =
      i < special.length ? special[i] : `topic-${String(i).padStart(5, '0')}`;
    // One unclaimed topic of the shared cluster is Kafka's own.
    if (i === 7) name = '__consumer_offsets';
    const arn = `${clusterArn.replace(':cluster/', ':topic/')}/${name}`;
    let owner: string | null = null;
    if (clusterArn === ORDERS_CLUSTER) owner = TEAM_ORDERS;
    if (clusterArn === ANALYTICS_CLUSTER) owner = TEAM_ANALYTICS;
    if (clusterArn === SHARED_CLUSTER) {
      const claimant = [TEAM_A, TEAM_B, null][Math.floor(i / 3) % 3];
      if (claimant) {
        owner = claimant;
        claims.push({ arn, owner: claimant });
      }
    }
    for (const tag of clusterTags.get(clusterArn) ?? []) {
      tags.push({ ...tag, arn });
    }
    const shared = clusterArn === SHARED_CLUSTER;
    const bytesIn = shared ? 1000 + (i % 97) * 100 : null;
    views.push(
      view({
        arn,
        name,
        bytes_in_per_sec: bytesIn,
        bytes_out_per_sec: bytesIn === null ? null : bytesIn * 2,
        cluster_arn: clusterArn,
        cluster_type: CLUSTER_TYPES[clusterArn],
        account_id: clusterArn === ANALYTICS_CLUSTER ? ACCOUNT_2 : ACCOUNT_1,
        region: clusterArn === ANALYTICS_CLUSTER ? 'eu-west-1' : 'us-east-1',
        owner,
        tag_owner: clusterArn === SHARED_CLUSTER ? null : owner,
        unowned: owner === null,
        health_status: HEALTH[(i * 7) % 4],
        monthly_usd: shared ? null : ownShare(i),
        cost_complete: true,
        usd_per_gb_in: i % 5 === 0 ? null : (i % 89) / 100,
        max_lag: i % 4 === 0 ? null : (i * 31) % 5000,
        partitions: i % 7 === 0 ? null : (i % 48) + 1,
      }),
    );
  }
  // Each cluster's split, as the derivation stores it; a shared topic's
  // monthly cost is its share.
  for (const cluster of views.filter(v => v.asset_type === 'kafka-cluster')) {
    const topicRows = views.filter(v => v.cluster_arn === cluster.arn);
    const topicRowsOfCluster = topicRows.filter(
      v => v.asset_type === 'kafka-topic',
    );
    const split = splitClusterCost(
      cluster.arn === SHARED_CLUSTER
        ? SHARED_BREAKDOWN
        : CLUSTER_COSTS[cluster.arn as keyof typeof CLUSTER_COSTS],
      topicRowsOfCluster.map(t => ({
        arn: t.arn as string,
        owner: t.owner as string | null,
        internal: isInternalTopic(
          t.name as string,
          new RegExp(DEFAULT_INTERNAL_TOPIC_PATTERN),
        ),
        bytesIn: t.bytes_in_per_sec as number | null,
        bytesOut: t.bytes_out_per_sec as number | null,
        partitions: (t.partitions as number | null) ?? 0,
      })),
      { estimateComplete: cluster.cost_complete === true, model },
    );
    const chargeback: AssetCost['chargeback'] = {
      basis: split.basis,
      basisDescription: split.basisDescription,
      totalUsd: split.totalCents / 100,
      platformOverhead: {
        usd: split.platformOverhead.usd,
        pattern: DEFAULT_INTERNAL_TOPIC_PATTERN,
        topics: split.platformOverhead.topics.map(t => ({
          arn: t.arn,
          usd: t.usd,
        })),
      },
      unallocatedUsd: split.unallocatedCents / 100,
      lowerBound: split.lowerBound,
      missing: [],
      shares: split.shares.map(t => ({
        arn: t.arn,
        owner: t.owner,
        usd: t.usd,
        fixedUsd: t.fixedCents / 100,
        usageUsd: t.usageCents / 100,
        basisDescription: t.basisDescription,
      })),
      byOwner: [],
    };
    cluster.cost = JSON.stringify({
      ...JSON.parse((cluster.cost as string | null) ?? '{}'),
      chargeback,
    });
    if (cluster.arn === SHARED_CLUSTER) {
      const usd = new Map(
        [...split.shares, ...split.platformOverhead.topics].map(t => [
          t.arn,
          t.usd,
        ]),
      );
      for (const topic of topicRowsOfCluster) {
        topic.monthly_usd = usd.get(topic.arn as string) ?? null;
      }
    }
  }
  return { views, tags, claims, attachments };
}

/** Writes the fixture in chunks that stay under SQLite's limits (bound parameters, compound terms). */
export async function insertEstate(
  knex: Knex,
  estate: EstateFixture,
): Promise<void> {
  await knex.batchInsert('streaming_asset_views', estate.views, 400);
  await knex.batchInsert('streaming_asset_tags', estate.tags, 400);
  await knex.batchInsert('streaming_asset_claims', estate.claims, 400);
  await knex.batchInsert(
    'streaming_asset_attachments',
    estate.attachments,
    400,
  );
}
