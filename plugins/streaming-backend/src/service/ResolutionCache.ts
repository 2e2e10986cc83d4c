import { createHash } from 'node:crypto';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_STREAMING_ARN,
  STREAMING_ANNOTATIONS,
} from '@backstage-streaming/plugin-streaming-common';
import type { ResolvedAnnotations } from './EntityAssetResolver';
import { TtlCache } from './TtlCache';

/**
 * Entity → assets resolutions (annotations resolved to ARNs), kept for a few
 * seconds so a page view does not redo the name, prefix and tag lookups.
 *
 * In memory, an LRU bounded in entries, rather than the plugin's
 * CacheService: a refresh must drop every resolution at once (CacheService
 * has no way to clear a namespace), the entries are structured values read
 * several times per page view (no serialisation or network hop for them),
 * and the TTL (at most 30 s) bounds what another replica may still hold after
 * its own refresh. Keyed by the entity ref and a hash of its streaming
 * annotations, so an annotation change is seen at once. The resolution holds
 * nothing of a caller: the assets are re-read by ARN and authorized for the
 * caller (the per-caller caches are in CallerCaches.ts).
 */
export class ResolutionCache {
  private readonly cache: TtlCache<ResolvedAnnotations>;

  constructor(options: {
    /** 0 turns the cache off. */
    ttlSeconds: number;
    maxEntries: number;
    now?: () => number;
  }) {
    this.cache = new TtlCache(options);
  }

  static keyOf(entity: Entity): string {
    const annotations = entity.metadata.annotations ?? {};
    const hash = createHash('sha256')
      .update(
        JSON.stringify(
          [...STREAMING_ANNOTATIONS, ANNOTATION_STREAMING_ARN].map(
            a => annotations[a] ?? null,
          ),
        ),
      )
      .digest('base64url');
    return `${stringifyEntityRef(entity)}#${hash}`;
  }

  async getOrResolve(
    entity: Entity,
    resolve: () => Promise<ResolvedAnnotations>,
  ): Promise<ResolvedAnnotations> {
    return this.cache.getOrLoad(ResolutionCache.keyOf(entity), resolve);
  }

  /** Drops every resolution: called when a refresh or a derivation completes. */
  invalidate(): void {
    this.cache.invalidate();
  }

  get size(): number {
    return this.cache.size;
  }
}
