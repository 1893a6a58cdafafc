import type { Redis } from "@shared/bus/redis.ts";
import { PhaseOutcomeStatus, type PhaseName, type PhaseOutcomeStatus as OutcomeStatus } from "@shared/contracts/enums.ts";

// Marks the event processed and records the phase status in one atomic step.
const RECORD_OUTCOME = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[4])
  return 1
end
return 0`;

// Marks the event processed and forgets every projected phase of the batch in one atomic step.
const FORGET_BATCH = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  return redis.call('DEL', KEYS[2])
end
return -1`;

const COUNTS_AS_COMPLETED: ReadonlySet<string> = new Set([PhaseOutcomeStatus.COMPLETED_SUCCESSFULLY, PhaseOutcomeStatus.COMPLETED_WITH_FAILURES]);

/** Per-batch phase outcomes projected from ELS events, kept in Redis. */
export function createPhaseProjection(redis: Redis, options: { ttlSeconds?: number; processedTtlSeconds?: number } = {}) {
  const ttl = options.ttlSeconds ?? 30 * 24 * 3600;
  const processedTtl = options.processedTtlSeconds ?? 7 * 24 * 3600;
  const batchKey = (batchId: string) => `bcs:batch:${batchId}:phases`;
  // A script touches keys of one slot on a cluster: the processed mark carries its batch key as a
  // hash tag, so it lives in the batch key's slot (the batch key itself keeps its name).
  const processedKey = (eventId: string, batchId: string) => `{${batchKey(batchId)}}:processed:${eventId}`;
  return {
    /** Returns false when this event was already applied. */
    async record(eventId: string, batchId: string, phase: PhaseName, status: OutcomeStatus): Promise<boolean> {
      const applied = await redis.eval(RECORD_OUTCOME, 2, processedKey(eventId, batchId), batchKey(batchId), processedTtl, phase, status, ttl);
      return applied === 1;
    },
    /**
     * The batch's essays changed (a text replaced, slots added): no phase counts as done any more.
     * Returns false when this event was already applied.
     */
    async forget(eventId: string, batchId: string): Promise<boolean> {
      const result = await redis.eval(FORGET_BATCH, 2, processedKey(eventId, batchId), batchKey(batchId), processedTtl);
      return result !== -1;
    },
    async completedPhases(batchId: string): Promise<Set<PhaseName>> {
      const all = await redis.hgetall(batchKey(batchId));
      return new Set(Object.entries(all).filter(([, s]) => COUNTS_AS_COMPLETED.has(s)).map(([p]) => p as PhaseName));
    },
    async phaseStatuses(batchId: string): Promise<Record<string, string>> {
      return redis.hgetall(batchKey(batchId));
    },
  };
}
export type PhaseProjection = ReturnType<typeof createPhaseProjection>;
