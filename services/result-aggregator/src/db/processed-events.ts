import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { processedEvents } from "./schema.ts";

/** Early duplicate check, so a redelivered event does no I/O (runOnce stays the real guard). */
export function alreadyProcessed(db: DbOrTx, consumer: string, eventId: string): boolean {
  return db.select({ id: processedEvents.eventId }).from(processedEvents)
    .where(and(eq(processedEvents.consumer, consumer), eq(processedEvents.eventId, eventId))).get() !== undefined;
}
