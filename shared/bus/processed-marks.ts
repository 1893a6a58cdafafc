import type { Redis } from "./redis.ts";

/** Which request events a service without a database has already answered; Redis keeps them. */
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
