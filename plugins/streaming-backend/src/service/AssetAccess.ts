import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  StreamingAsset,
  StreamingAssetResource,
  streamingAssetReadPermission,
  streamingCostReadPermission,
} from '@backstage-streaming/plugin-streaming-common';
import { InventoryStore } from '../database/InventoryStore';
import { ownerFromTags, OwnershipSettings } from './toAssets';
import type { AssetPolicyDecisions, DecisionCache } from './CallerCaches';

/** The ARNs a caller may read, and those whose cost it may see (a subset). */
export interface AssetDecisions {
  read: Set<string>;
  cost: Set<string>;
}

/**
 * Decides per streaming asset what a caller may see: streaming.asset.read and
 * streaming.cost.read are asked once per request, and a conditional answer is
 * applied to each asset with the registered `streaming-asset` rules.
 */
export class AssetAccess {
  private readonly applies: (
    decision: Parameters<ReturnType<typeof createConditionAuthorizer>>[0],
    resource: StreamingAssetResource | undefined,
  ) => boolean;

  constructor(
    private readonly options: {
      store: InventoryStore;
      ownership: OwnershipSettings;
      permissions: PermissionsService;
      ruleset: PermissionRuleset<StreamingAssetResource>;
      /** Keeps each caller's decisions for at most the entity cache TTL. */
      decisions?: DecisionCache;
    },
  ) {
    this.applies = createConditionAuthorizer(options.ruleset);
  }

  /** The caller's streaming.asset.read and streaming.cost.read decisions (cached per caller when a cache is given). */
  async policyDecisions(
    credentials: BackstageCredentials,
  ): Promise<AssetPolicyDecisions> {
    if (this.options.decisions) {
      return this.options.decisions.decisionsOf(credentials);
    }
    const [read, cost] = await this.options.permissions.authorizeConditional(
      [
        { permission: streamingAssetReadPermission },
        { permission: streamingCostReadPermission },
      ],
      { credentials },
    );
    return [read, cost];
  }

  /** `decisions`, when given, are the caller's policy decisions already asked for. */
  async decide(
    assets: StreamingAsset[],
    credentials: BackstageCredentials,
    decisions?: AssetPolicyDecisions,
  ): Promise<AssetDecisions> {
    if (assets.length === 0) return { read: new Set(), cost: new Set() };
    const [readDecision, costDecision] =
      decisions ?? (await this.policyDecisions(credentials));
    const conditional =
      readDecision.result === AuthorizeResult.CONDITIONAL ||
      costDecision.result === AuthorizeResult.CONDITIONAL;
    const resources = conditional
      ? await this.resourcesOf(assets)
      : new Map<string, StreamingAssetResource>();
    const read = new Set<string>();
    const cost = new Set<string>();
    for (const asset of assets) {
      const resource = resources.get(asset.arn);
      if (!this.applies(readDecision, resource)) continue;
      read.add(asset.arn);
      if (this.applies(costDecision, resource)) cost.add(asset.arn);
    }
    return { read, cost };
  }

  /** The `streaming-asset` resources of stored ARNs, in order; undefined for unknown ones. */
  async getResources(
    arns: string[],
  ): Promise<Array<StreamingAssetResource | undefined>> {
    const resources = await this.resourcesOf(
      await this.options.store.getAssetsByArns(arns),
    );
    return arns.map(arn => resources.get(arn));
  }

  private async resourcesOf(
    assets: StreamingAsset[],
  ): Promise<Map<string, StreamingAssetResource>> {
    const { store, ownership } = this.options;
    // Topics and consumer groups carry no tags: their cluster's tags speak for them.
    const clusterArns = assets.flatMap(asset =>
      asset.assetType === 'kafka-topic' || asset.assetType === 'consumer-group'
        ? [asset.clusterArn]
        : [],
    );
    const clusterTags = new Map(
      (clusterArns.length ? await store.getAssetsByArns(clusterArns) : []).map(
        cluster => [cluster.arn, cluster.tags] as const,
      ),
    );
    return new Map(
      assets.map(asset => {
        const tags =
          asset.assetType === 'kafka-topic' ||
          asset.assetType === 'consumer-group'
            ? clusterTags.get(asset.clusterArn) ?? {}
            : asset.tags;
        const tagOwner = ownerFromTags(tags, ownership);
        return [
          asset.arn,
          {
            arn: asset.arn,
            assetType: asset.assetType,
            accountId: asset.accountId,
            region: asset.region,
            tags,
            tagOwner,
            claimedBy: tagOwner ? [] : asset.claimedBy ?? [],
          },
        ];
      }),
    );
  }
}
