/** A bounded map whose entries expire: the oldest-used entry goes when it is full. */
export interface ExpiringCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V, ttlMs: number): void;
  readonly size: number;
}

/**
 * @example const cache = createExpiringCache<string[]>({ maxEntries: 500 }); cache.set("b1", names, 60_000)
 */
export function createExpiringCache<V>(options: { maxEntries: number; now?: () => number }): ExpiringCache<V> {
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order; re-inserting on use keeps the least recently used first.
  const entries = new Map<string, { value: V; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value, ttlMs) {
      entries.delete(key);
      while (entries.size >= options.maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
      entries.set(key, { value, expiresAt: now() + ttlMs });
    },
    get size() {
      return entries.size;
    },
  };
}
