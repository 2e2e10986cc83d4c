import {
  CatalogFeedAsset,
  CatalogFeedState,
  consumerGroupArnFor,
  topicArnFor,
} from '@backstage-streaming/plugin-streaming-common';
import { CatalogFeed } from '../client/CatalogFeedClient';

export const ACCOUNT_1 = '111111111111';
export const ACCOUNT_2 = '222222222222';
export const ORDERS_CLUSTER = `arn:aws:kafka:us-east-1:${ACCOUNT_1}:cluster/orders-standard/7d1a-1`;
export const ORDERS_TOPIC = topicArnFor(ORDERS_CLUSTER, 'orders.created')!;
export const SHIPPED_TOPIC = topicArnFor(ORDERS_CLUSTER, 'orders.shipped')!;
export const FULFILMENT_GROUP = consumerGroupArnFor(
  ORDERS_CLUSTER,
  'orders-fulfilment',
)!;
export const ENRICHER_APP = `arn:aws:kinesisanalytics:us-east-1:${ACCOUNT_1}:application/orders-enricher`;
export const LEGACY_CLUSTER = `arn:aws:kafka:eu-west-1:${ACCOUNT_2}:cluster/legacy/9e8f-1`;
export const LEGACY_TOPIC = topicArnFor(LEGACY_CLUSTER, 'legacy.events')!;

export function feedAsset(
  asset: Partial<CatalogFeedAsset> &
    Pick<CatalogFeedAsset, 'arn' | 'assetType' | 'name'>,
): CatalogFeedAsset {
  return {
    accountId: ACCOUNT_1,
    region: 'us-east-1',
    clusterArn: null,
    clusterName: null,
    clusterType: null,
    owner: null,
    tags: {},
    gone: false,
    stale: false,
    dependsOn: [],
    ...asset,
  };
}

/** The demo's orders estate in account 1 and an unowned legacy cluster in account 2. */
export function estate(): CatalogFeedAsset[] {
  return [
    feedAsset({
      arn: ORDERS_CLUSTER,
      assetType: 'kafka-cluster',
      name: 'orders-standard',
      clusterType: 'standard',
      owner: 'group:default/team-orders',
      tags: { owner: 'team-orders', system: 'orders' },
    }),
    feedAsset({
      arn: FULFILMENT_GROUP,
      assetType: 'consumer-group',
      name: 'orders-fulfilment',
      clusterArn: ORDERS_CLUSTER,
      clusterName: 'orders-standard',
      owner: 'group:default/team-orders',
      dependsOn: [ORDERS_TOPIC],
    }),
    feedAsset({
      arn: ORDERS_TOPIC,
      assetType: 'kafka-topic',
      name: 'orders.created',
      clusterArn: ORDERS_CLUSTER,
      clusterName: 'orders-standard',
      owner: 'group:default/team-orders',
      dependsOn: [ORDERS_CLUSTER],
    }),
    feedAsset({
      arn: SHIPPED_TOPIC,
      assetType: 'kafka-topic',
      name: 'orders.shipped',
      clusterArn: ORDERS_CLUSTER,
      clusterName: 'orders-standard',
      owner: 'group:default/team-orders',
      dependsOn: [ORDERS_CLUSTER],
    }),
    feedAsset({
      arn: ENRICHER_APP,
      assetType: 'flink-application',
      name: 'orders-enricher',
      owner: 'group:default/team-orders',
      tags: { owner: 'team-orders' },
      dependsOn: [ORDERS_TOPIC, SHIPPED_TOPIC],
    }),
    feedAsset({
      arn: LEGACY_CLUSTER,
      assetType: 'kafka-cluster',
      name: 'legacy',
      accountId: ACCOUNT_2,
      region: 'eu-west-1',
      clusterType: 'express',
    }),
    feedAsset({
      arn: LEGACY_TOPIC,
      assetType: 'kafka-topic',
      name: 'legacy.events',
      accountId: ACCOUNT_2,
      region: 'eu-west-1',
      clusterArn: LEGACY_CLUSTER,
      clusterName: 'legacy',
      dependsOn: [LEGACY_CLUSTER],
    }),
  ].sort((a, b) => a.arn.localeCompare(b.arn));
}

/** The streaming backend's feed over a list of assets, paged and filtered as the backend does. */
export class FakeFeed implements CatalogFeed {
  assets = estate();
  state: CatalogFeedState = {
    generation: 'g1',
    accountRegions: [
      { accountId: ACCOUNT_1, region: 'us-east-1', state: 'ok' },
      { accountId: ACCOUNT_2, region: 'eu-west-1', state: 'ok' },
    ],
  };
  pageRequests: Array<Parameters<CatalogFeed['getPage']>[0]> = [];
  attachments = new Map<string, string[]>();
  failure?: Error;

  async getState() {
    if (this.failure) throw this.failure;
    return this.state;
  }

  async getPage(query: Parameters<CatalogFeed['getPage']>[0]) {
    if (this.failure) throw this.failure;
    this.pageRequests.push(query);
    const matching = this.assets.filter(
      a =>
        (!query.after || a.arn > query.after) &&
        query.assetTypes.includes(a.assetType) &&
        (query.accountIds.length === 0 ||
          query.accountIds.includes(a.accountId)) &&
        (query.regions.length === 0 || query.regions.includes(a.region)),
    );
    const items = matching.slice(0, query.limit);
    return {
      items,
      nextAfter:
        items.length === query.limit ? items[items.length - 1].arn : null,
    };
  }

  async getAttachedArns(entityRef: string) {
    if (this.failure) throw this.failure;
    return this.attachments.get(entityRef) ?? [];
  }
}
