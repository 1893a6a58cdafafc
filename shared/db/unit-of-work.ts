import * as v from "valibot";
import { and, eq } from "drizzle-orm";
import type { Topic } from "../contracts/topics.ts";
import { makeEnvelope, type EnvelopeInput } from "../contracts/topics.ts";
import type { Db, Tx } from "./database.ts";
import { outbox, processedEvents } from "./schema.ts";

/** Queue an event in the outbox inside `tx`. Returns false when `dedupeKey` was already used. */
export type Emit = <S extends v.GenericSchema>(
  topic: Topic<S>,
  input: EnvelopeInput<v.InferInput<S>>,
  options?: { dedupeKey?: string },
) => boolean;

export interface UnitOfWork {
  /** Run `work` in one transaction; events it emits are published after commit. */
  run<T>(work: (tx: Tx, emit: Emit) => T): T;
  /**
   * Run `work` once per (consumer, eventId): effects, emitted events and the processed mark commit
   * together. Returns `{ applied: false }` for an event already processed.
   */
  runOnce<T>(consumer: string, eventId: string, work: (tx: Tx, emit: Emit) => T): { applied: true; result: T } | { applied: false };
}

function emitterFor(tx: Tx): Emit {
  return (topic, input, options = {}) => {
    const envelope = makeEnvelope(topic, input);
    const inserted = tx
      .insert(outbox)
      .values({
        topic: topic.name,
        eventId: envelope.event_id,
        envelope: JSON.stringify(envelope),
        dedupeKey: options.dedupeKey ?? null,
        createdAt: envelope.event_timestamp,
      })
      .onConflictDoNothing()
      .returning({ id: outbox.id })
      .all();
    return inserted.length > 0;
  };
}

/**
 * One handler = one unit of work = one transaction.
 * @example uow.runOnce("els", envelope.event_id, (tx, emit) => { ...; emit(SlotAssignedTopic, {...}) })
 */
export function createUnitOfWork(db: Db, afterCommit: () => void = () => undefined): UnitOfWork {
  return {
    run(work) {
      const result = db.transaction((tx) => work(tx, emitterFor(tx)), { behavior: "immediate" });
      afterCommit();
      return result;
    },
    runOnce(consumer, eventId, work) {
      const outcome = db.transaction(
        (tx) => {
          const seen = tx
            .select({ eventId: processedEvents.eventId })
            .from(processedEvents)
            .where(and(eq(processedEvents.consumer, consumer), eq(processedEvents.eventId, eventId)))
            .get();
          if (seen) return { applied: false as const };
          const result = work(tx, emitterFor(tx));
          tx.insert(processedEvents).values({ consumer, eventId, processedAt: new Date().toISOString() }).run();
          return { applied: true as const, result };
        },
        { behavior: "immediate" },
      );
      if (outcome.applied) afterCommit();
      return outcome;
    },
  };
}
