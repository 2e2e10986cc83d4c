import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { PolicyDecision } from '@backstage/plugin-permission-common';
import {
  streamingAssetReadPermission,
  streamingCostReadPermission,
} from '@backstage-streaming/plugin-streaming-common';

/**
 * Values kept for at most `ttlSeconds` (streaming.entityCache.ttlSeconds, at
 * most 30), an LRU bounded in entries, all dropped at once by `invalidate`
 * (a refresh or a derivation completed). A value loaded while an
 * invalidation happened is returned but not kept: it may be old already.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { expiresAt: number; value: V }>();
  private generation = 0;

  constructor(
    private readonly options: {
      /** 0 turns the cache off. */
      ttlSeconds: number;
      maxEntries: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Most recently used last, so the oldest is evicted first.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }

  /**
   * The cached value, else `load`'s, kept when nothing invalidated the cache
   * meanwhile; `undefined` (e.g. an entity not found) is never kept.
   */
  async getOrLoad<L extends V | undefined>(
    key: string,
    load: () => Promise<L>,
  ): Promise<V | L> {
    if (this.options.ttlSeconds <= 0) return load();
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation && value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, {
        expiresAt: this.now() + this.options.ttlSeconds * 1000,
        value,
      });
      while (this.entries.size > this.options.maxEntries) {
        this.entries.delete(this.entries.keys().next().value!);
      }
    }
    return value;
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

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
