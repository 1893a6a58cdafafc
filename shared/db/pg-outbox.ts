import * as v from "valibot";
import { asc, inArray, isNull } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { Logger } from "../observability/logger.ts";
import { makeEnvelope, type EnvelopeInput, type Topic } from "../contracts/topics.ts";
import { createRelayLoop, xaddInOrder, type OutboxRelay } from "./outbox-relay.ts";
import type { PgDb, PgTx } from "./postgres.ts";
import { outboxPg, processedEventsPg } from "./schema.ts";

/** Queue an event in the outbox inside `tx`; false when `dedupeKey` was already used. */
export async function emitPg<S extends v.GenericSchema>(
  tx: PgTx, topic: Topic<S>, input: EnvelopeInput<v.InferInput<S>>, options: { dedupeKey?: string } = {},
): Promise<boolean> {
  const envelope = makeEnvelope(topic, input);
  const inserted = await tx.insert(outboxPg).values({
    topic: topic.name, eventId: envelope.event_id, envelope: JSON.stringify(envelope),
    dedupeKey: options.dedupeKey ?? null, createdAt: envelope.event_timestamp,
  }).onConflictDoNothing().returning({ id: outboxPg.id });
  return inserted.length > 0;
}

/**
 * Mark (consumer, eventId) processed inside `tx`; false when it already was. Under concurrent
 * deliveries the second insert waits on the first's row lock and then sees the conflict, so exactly
 * one transaction applies the event.
 */
export async function markProcessedPg(tx: PgTx, consumer: string, eventId: string): Promise<boolean> {
  const marked = await tx.insert(processedEventsPg).values({ consumer, eventId, processedAt: new Date().toISOString() })
    .onConflictDoNothing().returning({ eventId: processedEventsPg.eventId });
  return marked.length > 0;
}

export interface PgOutboxRelayOptions {
  db: PgDb;
  redis: Redis;
  logger: Logger;
  pollMs?: number;
  batchSize?: number;
}

/**
 * The outbox relay on PostgreSQL: every instance may run one. Each pass claims up to `batchSize`
 * unpublished rows with `FOR UPDATE SKIP LOCKED` in a transaction, XADDs them and marks them in the
 * same transaction, so two relays never publish the same row and no Redis lease is needed. Order:
 * each claimed batch is published in id order, but two relays' batches may interleave on the bus.
 */
export function createPgOutboxRelay(options: PgOutboxRelayOptions): OutboxRelay {
  const { db, redis, logger } = options;
  const batchSize = options.batchSize ?? 100;
  async function pass(): Promise<number> {
    let published = 0;
    for (;;) {
      const outcome = await db.transaction(async (tx) => {
        const rows = await tx.select({ id: outboxPg.id, topic: outboxPg.topic, envelope: outboxPg.envelope }).from(outboxPg)
          .where(isNull(outboxPg.publishedAt)).orderBy(asc(outboxPg.id)).limit(batchSize).for("update", { skipLocked: true });
        if (rows.length === 0) return { claimed: 0, done: 0, failure: undefined };
        const { done, failure } = await xaddInOrder(redis, rows);
        if (done.length > 0) {
          await tx.update(outboxPg).set({ publishedAt: new Date().toISOString() }).where(inArray(outboxPg.id, done.map((r) => r.id)));
        }
        return { claimed: rows.length, done: done.length, failure };
      });
      published += outcome.done;
      if (outcome.failure !== undefined) throw outcome.failure;
      if (outcome.claimed === 0) return published;
    }
  }
  return createRelayLoop(pass, { logger, pollMs: options.pollMs ?? 500 });
}
