import { createHash } from 'node:crypto';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { STREAMING_ANNOTATIONS } from '@backstage-streaming/plugin-streaming-common';
import type { ResolvedAnnotations } from './EntityAssetResolver';

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
  private readonly entries = new Map<
    string,
    { expiresAt: number; value: ResolvedAnnotations }
  >();

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

  static keyOf(entity: Entity): string {
    const annotations = entity.metadata.annotations ?? {};
    const hash = createHash('sha256')
      .update(
        JSON.stringify(STREAMING_ANNOTATIONS.map(a => annotations[a] ?? null)),
      )
      .digest('base64url');
    return `${stringifyEntityRef(entity)}#${hash}`;
  }

  async getOrResolve(
    entity: Entity,
    resolve: () => Promise<ResolvedAnnotations>,
  ): Promise<ResolvedAnnotations> {
    if (this.options.ttlSeconds <= 0) return resolve();
    const key = ResolutionCache.keyOf(entity);
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) {
      // Most recently used last, so the oldest is evicted first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const generation = this.generation;
    const value = await resolve();
    // A refresh that completed while resolving makes this result old already.
    if (generation === this.generation) {
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

  private generation = 0;

  /** Drops every resolution: called when a refresh or a derivation completes. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
