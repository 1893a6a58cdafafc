import { Redis, type RedisOptions } from "ioredis";

/**
 * A Redis connection that retries with capped backoff and never queues commands forever.
 * RESP2 is pinned so stream replies have one shape whatever the client's default.
 */
export function createRedis(url: string, options: RedisOptions = {}, onError?: (err: Error) => void): Redis {
  const redis = new Redis(url, {
    protocol: 2,
    maxRetriesPerRequest: 3,
    retryStrategy: (times) => Math.min(times * 100, 2000),
    lazyConnect: false,
    ...options,
  });
  // Connection errors surface on the commands that fail; the event only needs a listener.
  redis.on("error", onError ?? (() => undefined));
  return redis;
}

/** Run `work` or reject with a timeout error after `ms`. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class TimeoutError extends Error {
  override readonly name = "TimeoutError";
}

export type { Redis };
