import { HuleEduError } from "@shared/contracts/errors.ts";
import type { IdentityRepository } from "../db/repository.ts";
import { fixedWindow } from "../domain/fixed-window.ts";

export interface AttemptLimiter {
  /** Count an attempt for `key`; throws RATE_LIMIT (429, details.retry_after_seconds) past the limit. */
  hit(key: string): void;
  /** Forget the attempts for `key` (after a successful login). */
  clear(key: string): void;
}

/** A fixed-window counter in SQLite: the count and the check are one atomic upsert. */
export function createAttemptLimiter(options: { repository: IdentityRepository; limit: number; windowSeconds: number; what: string; now?: () => number }): AttemptLimiter {
  const { repository, limit, windowSeconds, what } = options;
  const now = options.now ?? Date.now;
  let lastPrune = 0;
  return {
    hit(key) {
      const at = now();
      const { windowStart, retryAfterSeconds } = fixedWindow(at, windowSeconds);
      if (at - lastPrune > windowSeconds * 1000) {
        lastPrune = at;
        repository.pruneAttempts(what, windowStart);
      }
      const count = repository.countAttempt(`${what}:${key}`, windowStart);
      if (count > limit) {
        throw new HuleEduError("RATE_LIMIT", `Too many ${what} attempts; try again in ${retryAfterSeconds} s`, { retry_after_seconds: retryAfterSeconds });
      }
    },
    clear(key) {
      repository.clearAttempts(`${what}:${key}`);
    },
  };
}
