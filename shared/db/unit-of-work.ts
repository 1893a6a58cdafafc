import * as v from "valibot";
import { sql } from "drizzle-orm";
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
  /**
   * Several units of work in one transaction: each `run`/`runOnce` called inside `work` becomes a
   * savepoint of it (one that throws rolls back alone), all commit together, and the after-commit
   * hook runs once, after that commit. A throw out of `work` rolls back everything.
   */
  batch<T>(work: () => T): T;
}

/**
 * The two statements every handler runs, prepared once per database (drizzle otherwise builds and
 * prepares the SQL again on every call: ~10% of a hop's CPU in bench/bus-hop.ts). A prepared
 * statement runs on the connection, so it is part of whatever transaction is open there.
 */
function preparedStatements(db: Db) {
  const insertOutbox = db
    .insert(outbox)
    .values({
      topic: sql.placeholder("topic"), eventId: sql.placeholder("eventId"), envelope: sql.placeholder("envelope"),
      dedupeKey: sql.placeholder("dedupeKey"), createdAt: sql.placeholder("createdAt"),
    })
    .onConflictDoNothing()
    .returning({ id: outbox.id })
    .prepare();
  // Marking first and asking whether the mark was new is one statement instead of a SELECT and an
  // INSERT; if the work throws, the transaction rolls the mark back with everything else.
  const markProcessed = db
    .insert(processedEvents)
    .values({ consumer: sql.placeholder("consumer"), eventId: sql.placeholder("eventId"), processedAt: sql.placeholder("processedAt") })
    .onConflictDoNothing()
    .returning({ eventId: processedEvents.eventId })
    .prepare();
  return { insertOutbox, markProcessed };
}

function emitterFor(statements: () => ReturnType<typeof preparedStatements>): Emit {
  return (topic, input, options = {}) => {
    const envelope = makeEnvelope(topic, input);
    const inserted = statements().insertOutbox.all({
      topic: topic.name, eventId: envelope.event_id, envelope: JSON.stringify(envelope),
      dedupeKey: options.dedupeKey ?? null, createdAt: envelope.event_timestamp,
    });
    return inserted.length > 0;
  };
}

/**
 * One handler = one unit of work = one transaction.
 * @example uow.runOnce("els", envelope.event_id, (tx, emit) => { ...; emit(SlotAssignedTopic, {...}) })
 */
export function createUnitOfWork(db: Db, afterCommit: () => void = () => undefined): UnitOfWork {
  // Prepared on first use: SQLite checks the tables when it prepares, and a caller may build the
  // unit of work before its migrations ran.
  let prepared: ReturnType<typeof preparedStatements> | undefined;
  const statements = () => (prepared ??= preparedStatements(db));
  const emit = emitterFor(statements);
  // Inside `batch`, inner commits are savepoint releases: the hook waits for the real commit.
  let depth = 0;
  let committed = false;
  const afterInnerCommit = () => {
    if (depth > 0) committed = true;
    else afterCommit();
  };
  return {
    run(work) {
      const result = db.transaction((tx) => work(tx, emit), { behavior: "immediate" });
      afterInnerCommit();
      return result;
    },
    runOnce(consumer, eventId, work) {
      const outcome = db.transaction(
        (tx) => {
          const marked = statements().markProcessed.all({ consumer, eventId, processedAt: new Date().toISOString() });
          if (marked.length === 0) return { applied: false as const };
          const result = work(tx, emit);
          return { applied: true as const, result };
        },
        { behavior: "immediate" },
      );
      if (outcome.applied) afterInnerCommit();
      return outcome;
    },
    batch(work) {
      if (depth > 0) return work();
      depth++;
      committed = false;
      try {
        const result = db.transaction(() => work(), { behavior: "immediate" });
        if (committed) afterCommit();
        return result;
      } finally {
        depth--;
        committed = false;
      }
    },
  };
}
