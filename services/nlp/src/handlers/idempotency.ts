import type { Redis } from "ioredis";

/** Which request events this service has already answered; it has no database, so Redis keeps them. */
export interface ProcessedMarks {
  isProcessed(eventId: string): Promise<boolean>;
  /** Remember `eventId` for the TTL; the first mark wins (SET NX). */
  mark(eventId: string): Promise<void>;
}

/**
 * `<service>:processed:<event_id>` keys with a TTL.
 * @example const marks = createProcessedMarks(redis, "spellchecker", 7 * 24 * 3600)
 */
export function createProcessedMarks(redis: Redis, service: string, ttlSeconds: number): ProcessedMarks {
  const key = (eventId: string) => `${service}:processed:${eventId}`;
  return {
    async isProcessed(eventId) {
      return (await redis.exists(key(eventId))) === 1;
    },
    async mark(eventId) {
      await redis.set(key(eventId), new Date().toISOString(), "EX", ttlSeconds, "NX");
    },
  };
}

/**
 * The result's event id, derived from the request's (a name-based UUID, version 5 layout): a
 * result published again after a crash carries the same id, so consumers deduplicating by event
 * id drop it.
 */
export function resultEventIdFor(service: string, requestEventId: string): string {
  const bytes = new Bun.CryptoHasher("sha1").update(`${service}:result:${requestEventId}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
