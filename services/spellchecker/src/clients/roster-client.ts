import { RosterNamesSchema } from "@shared/contracts/classes.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { createInternalClient } from "@shared/http/internal-client.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { NO_ROSTER_NAMES, rosterNames, type RosterNames } from "../domain/roster-names.ts";
import { createExpiringCache } from "./expiring-cache.ts";

export interface RosterClient {
  /**
   * The names on the roster of the batch's class (none for a batch without one). Never throws:
   * when class-management fails or is slower than the timeout, a warning is logged and the essay
   * is spell-checked without names.
   */
  namesOf(batch: { userId: string; batchId: string }, correlationId: string, logger: Logger): Promise<RosterNames>;
}

export type RosterLookupOutcome = "cached" | "fetched" | "failed";

export interface RosterClientOptions {
  baseUrl: string;
  internalApiKey: string;
  timeoutMs: number;
  /** Batches remembered at most, and for how long (a roster changes rarely during a run). */
  cacheSize: number;
  cacheTtlMs: number;
  logger: Logger;
  onLookup?: (outcome: RosterLookupOutcome) => void;
  now?: () => number;
}

// A failed lookup is remembered briefly, so a batch's essays do not each wait out the timeout.
const FAILURE_TTL_MS = 5000;

/** Client for class-management `GET /internal/v1/users/{user_id}/batches/{batch_id}/roster-names`, with a bounded cache. */
export function createRosterClient(options: RosterClientOptions): RosterClient {
  const classes = createInternalClient({
    name: "class-management", baseUrl: options.baseUrl.replace(/\/+$/, ""), internalApiKey: options.internalApiKey, timeoutMs: options.timeoutMs, logger: options.logger,
  });
  const cache = createExpiringCache<RosterNames>({ maxEntries: options.cacheSize, ...(options.now ? { now: options.now } : {}) });
  // Essays of one batch asking at the same time share one call.
  const inFlight = new Map<string, Promise<RosterNames>>();

  const fetchNames = async (userId: string, batchId: string, correlationId: string, logger: Logger): Promise<RosterNames> => {
    const key = `${userId}/${batchId}`;
    try {
      const path = `/internal/v1/users/${encodeURIComponent(userId)}/batches/${encodeURIComponent(batchId)}/roster-names`;
      const answer = await classes.call({ method: "GET", path, correlationId, headers: { Accept: "application/json" } });
      if (answer.status !== 200) throw classes.failure(answer, correlationId);
      const names = rosterNames(classes.parse(RosterNamesSchema, answer, correlationId).names);
      cache.set(key, names, options.cacheTtlMs);
      options.onLookup?.("fetched");
      return names;
    } catch (err) {
      cache.set(key, NO_ROSTER_NAMES, Math.min(FAILURE_TTL_MS, options.cacheTtlMs));
      options.onLookup?.("failed");
      logger.warn("class roster unavailable; spell-checking without the pupils' names", {
        batch_id: batchId, correlation_id: correlationId, error_code: err instanceof HuleEduError ? err.code : "UNEXPECTED_ERROR", error: err instanceof Error ? err.message : String(err),
      });
      return NO_ROSTER_NAMES;
    }
  };

  return {
    async namesOf({ userId, batchId }, correlationId, logger) {
      const key = `${userId}/${batchId}`;
      const cached = cache.get(key);
      if (cached) {
        options.onLookup?.("cached");
        return cached;
      }
      const pending = inFlight.get(key);
      if (pending) return pending;
      const lookup = fetchNames(userId, batchId, correlationId, logger).finally(() => inFlight.delete(key));
      inFlight.set(key, lookup);
      return lookup;
    },
  };
}
