import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { PolicyDecision } from '@backstage/plugin-permission-common';
import {
  streamingAssetReadPermission,
  streamingCostReadPermission,
} from '@backstage-streaming/plugin-streaming-common';
import { TtlCache } from './TtlCache';

/**
 * Who is calling, as a cache key: the whole principal (a user's entity ref
 * and the service acting for it, or a service's subject and its access
 * restrictions), so nothing cached for one caller is served to another.
 */
export function callerKeyOf(credentials: BackstageCredentials): string {
  return JSON.stringify(credentials.principal);
}

/** A caller's streaming.asset.read and streaming.cost.read decisions, in that order. */
export type AssetPolicyDecisions = [read: PolicyDecision, cost: PolicyDecision];

/**
 * The conditional decisions on streaming.asset.read and streaming.cost.read,
 * asked once per caller and kept for at most the entity cache TTL: the entity
 * answer and every estate list need both, and a permission round trip per
 * request would cost more than the rest of the request.
 */
export class DecisionCache {
  private readonly cache: TtlCache<AssetPolicyDecisions>;

  constructor(
    private readonly permissions: PermissionsService,
    options: { ttlSeconds: number; maxEntries: number; now?: () => number },
  ) {
    this.cache = new TtlCache(options);
  }

  decisionsOf(
    credentials: BackstageCredentials,
  ): Promise<AssetPolicyDecisions> {
    return this.cache.getOrLoad(callerKeyOf(credentials), async () => {
      const [read, cost] = await this.permissions.authorizeConditional(
        [
          { permission: streamingAssetReadPermission },
          { permission: streamingCostReadPermission },
        ],
        { credentials },
      );
      return [read, cost];
    });
  }

  invalidate(): void {
    this.cache.invalidate();
  }
}
