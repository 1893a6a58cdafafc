import { HuleEduError } from "@shared/contracts/errors.ts";
import type { IdentityRepository } from "../db/repository.ts";
import { secondsUntilWindowEnds } from "../domain/attempt-window.ts";

export interface AttemptLimiter {
  /** Count an attempt for `key`; throws RATE_LIMIT (429, details.retry_after_seconds) past the limit. */
  hit(key: string): void;
  /** Forget the attempts for `key` (after a successful login). */
  clear(key: string): void;
}

/**
 * A counter in SQLite whose window opens at a key's first attempt (not at clock-aligned boundaries,
 * so five quick failures are always five in one window); the count and the check are one atomic upsert.
 */
export function createAttemptLimiter(options: { repository: IdentityRepository; limit: number; windowSeconds: number; what: string; now?: () => number }): AttemptLimiter {
  const { repository, limit, windowSeconds, what } = options;
  const now = options.now ?? Date.now;
  let lastPrune = 0;
  return {
    hit(key) {
      const at = now();
      const windowMs = windowSeconds * 1000;
      if (at - lastPrune > windowMs) {
        lastPrune = at;
        repository.pruneAttempts(what, at - windowMs);
      }
      const { count, windowStart } = repository.countAttempt(`${what}:${key}`, at, windowMs);
      const retryAfterSeconds = secondsUntilWindowEnds(windowStart, windowSeconds, at);
      if (count > limit) {
        throw new HuleEduError("RATE_LIMIT", `Too many ${what} attempts; try again in ${retryAfterSeconds} s`, { retry_after_seconds: retryAfterSeconds });
      }
    },
    clear(key) {
      repository.clearAttempts(`${what}:${key}`);
    },
  };
}
