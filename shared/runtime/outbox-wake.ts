import type { Db } from "../db/database.ts";
import { createUnitOfWork, type Emit, type UnitOfWork } from "../db/unit-of-work.ts";

/**
 * A unit of work that wakes the outbox relay after a commit only when the transaction emitted an
 * event. A commit that only wrote state (most processed-event marks) has nothing to publish, and
 * waking the relay for it cost a Redis round trip (the lease) and an outbox query per event on
 * the consumer's connection. The relay's poll stays the fallback for anything missed.
 */
export function createRelayWakingUnitOfWork(db: Db, wake: () => void): UnitOfWork {
  // bun:sqlite transactions are synchronous, so no other unit of work runs between an emit and
  // the commit hook that reads this flag. A rolled-back emit leaves it set: one spare wake, harmless.
  let emitted = false;
  const uow = createUnitOfWork(db, () => {
    if (!emitted) return;
    emitted = false;
    wake();
  });
  const noting = (emit: Emit): Emit => (topic, input, options) => {
    emitted = true;
    return emit(topic, input, options);
  };
  return {
    run: (work) => uow.run((tx, emit) => work(tx, noting(emit))),
    runOnce: (consumer, eventId, work) => uow.runOnce(consumer, eventId, (tx, emit) => work(tx, noting(emit))),
    batch: (work) => uow.batch(work),
  };
}
