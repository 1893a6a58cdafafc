import { HuleEduError } from "@shared/contracts/errors.ts";
import { withTimeout, type Redis } from "@shared/bus/redis.ts";
import type { Logger } from "@shared/observability/logger.ts";

/** Redis hash storage id → user id of every prompt uploaded through the gateway. */
export const PROMPT_OWNERS_KEY = "gateway:prompt-owners";

export interface PromptOwners {
  /** Record who uploaded a prompt; EXTERNAL_SERVICE_ERROR when Redis cannot take it. */
  record(storageId: string, userId: string): Promise<void>;
  /** The recorded owner of each storage id, null where none is recorded (not a gateway prompt). */
  ownersOf(storageIds: string[]): Promise<(string | null)[]>;
}

/**
 * Prompt ownership in Redis, shared by every gateway process and kept across restarts by Redis
 * persistence. Fails closed: when Redis does not answer, nothing is handed out or accepted.
 * @example const owners = createPromptOwners({ redis, logger }); await owners.record(storageId, userId)
 */
export function createPromptOwners(options: { redis: Redis; logger: Logger; timeoutMs?: number }): PromptOwners {
  const { redis, logger } = options;
  const timeoutMs = options.timeoutMs ?? 1000;
  async function guarded<T>(work: Promise<T>, what: string): Promise<T> {
    try {
      return await withTimeout(work, timeoutMs, what);
    } catch (err) {
      logger.warn("prompt owner store unavailable", { operation: what, error: err instanceof Error ? err.message : String(err) });
      throw new HuleEduError("EXTERNAL_SERVICE_ERROR", "Prompt ownership cannot be checked right now; try again shortly", { upstream: "redis" });
    }
  }
  return {
    async record(storageId, userId) {
      await guarded(redis.hset(PROMPT_OWNERS_KEY, storageId, userId), "record prompt owner");
    },
    async ownersOf(storageIds) {
      if (storageIds.length === 0) return [];
      return guarded(redis.hmget(PROMPT_OWNERS_KEY, ...storageIds), "read prompt owners");
    },
  };
}
