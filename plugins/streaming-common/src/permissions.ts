import { createPermission } from '@backstage/plugin-permission-common';
import type { StreamingAsset } from './schema';

/**
 * The permission resource type of one streaming asset (an MSK cluster, topic,
 * consumer group or Managed Flink application). Its resource ref is the ARN.
 */
export const STREAMING_ASSET_RESOURCE_TYPE = 'streaming-asset';

/**
 * What the `streaming-asset` permission rules decide on. Ownership here comes
 * from AWS tags, which only the asset's AWS account can set; an entity's
 * annotations only ever make a claim.
 */
export interface StreamingAssetResource {
  arn: string;
  assetType: StreamingAsset['assetType'];
  accountId: string;
  region: string;
  /** The asset's tags; a topic's and a consumer group's are its cluster's. */
  tags: Record<string, string>;
  /**
   * The owning group its tags name (through `streaming.ownership`), or null
   * when no tag names one.
   */
  tagOwner: string | null;
  /**
   * Owners of the catalog entities whose annotations attach it, when no tag
   * names an owner (empty otherwise).
   */
  claimedBy: string[];
}

/** Start an inventory refresh by hand. */
export const streamingRefreshPermission = createPermission({
  name: 'streaming.refresh',
  attributes: { action: 'update' },
});

/** See the refresh status: every configured account, region and AWS error. */
export const streamingStatusReadPermission = createPermission({
  name: 'streaming.status.read',
  attributes: { action: 'read' },
});

/** Read one streaming asset: its details, health, metrics and charts. */
export const streamingAssetReadPermission = createPermission({
  name: 'streaming.asset.read',
  attributes: { action: 'read' },
  resourceType: STREAMING_ASSET_RESOURCE_TYPE,
});

/** See the cost of one streaming asset. */
export const streamingCostReadPermission = createPermission({
  name: 'streaming.cost.read',
  attributes: { action: 'read' },
  resourceType: STREAMING_ASSET_RESOURCE_TYPE,
});

/** Create MSK clusters, topics, Flink applications and alarms through the scaffolder actions; checked against the user who started the task. */
export const streamingScaffoldPermission = createPermission({
  name: 'streaming.scaffold',
  attributes: { action: 'create' },
});

export const streamingPermissions = [
  streamingRefreshPermission,
  streamingStatusReadPermission,
  streamingAssetReadPermission,
  streamingCostReadPermission,
  streamingScaffoldPermission,
];
