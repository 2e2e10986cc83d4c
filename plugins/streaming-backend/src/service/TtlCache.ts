/**
 * Values kept for at most `ttlSeconds` (streaming.entityCache.ttlSeconds, at
 * most 30), an LRU bounded in entries and, when given a size, in the sum of
 * the values' sizes (serialised answers vary from a few hundred bytes to
 * megabytes, so a count alone does not bound their memory), all dropped at once by `invalidate`
 * (a refresh or a derivation completed). A value loaded while an
 * invalidation happened is returned but not kept: it may be old already.
 * Concurrent misses of one key share one load (started in the same
 * generation), so a burst of requests after an expiry runs a costly query
 * once rather than once per request.
 */
export class TtlCache<V> {
  private readonly entries = new Map<
    string,
    { expiresAt: number; value: V; size: number }
  >();
  /** The sum of the kept values' sizes (0 without `sizeOf`). */
  private keptSize = 0;
  private readonly loading = new Map<string, Promise<V | undefined>>();
  private generation = 0;

  constructor(
    private readonly options: {
      /** 0 turns the cache off. */
      ttlSeconds: number;
      maxEntries: number;
      /** A value's size, e.g. its bytes; with `maxSize`, bounds the sum kept. */
      sizeOf?: (value: V) => number;
      /** The most the kept values' sizes add up to; a larger value is not kept. */
      maxSize?: number;
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
      this.remove(key);
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
    const pending = this.loading.get(key);
    if (pending) return pending as Promise<V | L>;
    const generation = this.generation;
    const loaded = load();
    this.loading.set(key, loaded);
    let value: L;
    try {
      value = await loaded;
    } finally {
      // A newer load of the key (after an invalidation) is left in place.
      if (this.loading.get(key) === loaded) this.loading.delete(key);
    }
    if (generation === this.generation && value !== undefined) {
      this.keep(key, value as V);
    }
    return value;
  }

  private keep(key: string, value: V) {
    const { maxEntries, sizeOf, maxSize = Infinity } = this.options;
    const size = sizeOf?.(value) ?? 0;
    this.remove(key);
    if (size > maxSize) return;
    this.entries.set(key, {
      expiresAt: this.now() + this.options.ttlSeconds * 1000,
      value,
      size,
    });
    this.keptSize += size;
    // The least recently used go first.
    while (this.entries.size > maxEntries || this.keptSize > maxSize) {
      this.remove(this.entries.keys().next().value!);
    }
  }

  private remove(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.keptSize -= entry.size;
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.keptSize = 0;
    // Loads under way may read what the invalidation replaced: later misses start their own.
    this.loading.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** The sum of the kept values' sizes (0 without `sizeOf`). */
  get totalSize(): number {
    return this.keptSize;
  }
}
