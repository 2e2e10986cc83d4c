import { createHash } from 'node:crypto';

/** A short fingerprint of a stored text, for a version when the row has none. */
export function textVersion(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/**
 * Values parsed from stored JSON text, kept by key while the text's version
 * is the same (a hash of the text, or the time it was written: the text
 * itself is not held), so a page view that reads the same rows again skips
 * JSON parsing and schema validation. Bounded in entries, least recently used
 * evicted first. A text that fails to parse is not kept, so the failure is
 * seen on every read. The values are shared between readers and must not be
 * mutated.
 */
export class ParsedTextMemo<T> {
  private readonly entries = new Map<string, { hash: string; value: T }>();

  constructor(private readonly maxEntries: number) {}

  get(
    key: string,
    version: string,
    text: string,
    parse: (text: string) => T,
  ): T {
    const hash = version;
    const hit = this.entries.get(key);
    if (hit && hit.hash === hash) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = parse(text);
    this.entries.delete(key);
    this.entries.set(key, { hash, value });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
