import { createPermission } from '@backstage/plugin-permission-common';

/** Start an inventory refresh by hand. */
export const streamingRefreshPermission = createPermission({
  name: 'streaming.refresh',
  attributes: { action: 'update' },
});

/** Read the streaming assets attached to a catalog entity. */
export const streamingAssetReadPermission = createPermission({
  name: 'streaming.asset.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** See the cost of the streaming assets attached to a catalog entity. */
export const streamingCostReadPermission = createPermission({
  name: 'streaming.cost.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** Create MSK clusters, topics, Flink applications and alarms through the scaffolder actions; checked against the user who started the task. */
export const streamingScaffoldPermission = createPermission({
  name: 'streaming.scaffold',
  attributes: { action: 'create' },
});

export const streamingPermissions = [
  streamingRefreshPermission,
  streamingAssetReadPermission,
  streamingCostReadPermission,
  streamingScaffoldPermission,
];
