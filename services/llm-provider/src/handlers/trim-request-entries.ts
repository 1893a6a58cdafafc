import type { Redis } from "@shared/bus/redis.ts";
import type { EventHandler } from "@shared/bus/consumer.ts";
import { deleteHandledEntries } from "@shared/bus/delete-handled-entries.ts";

type Essay = { text?: string | undefined } | undefined;
type RequestData = { essay_a?: Essay; essay_b?: Essay; essay?: Essay };

/** A request that carries an essay's text inline (CJ sends texts; ai-feedback sends storage ids). */
export function carriesEssayText(data: unknown): boolean {
  const d = data as RequestData;
  return [d.essay_a, d.essay_b, d.essay].some((e) => typeof e?.text === "string" && e.text.length > 0);
}

/**
 * Once a request is committed to the request log (SQLite, erased with its batch), its stream entry
 * is deleted when it holds essay text (shared/bus/delete-handled-entries.ts).
 */
export function trimTextEntriesAfterIntake(handlers: readonly EventHandler[], redis: Redis): EventHandler[] {
  return deleteHandledEntries(handlers, redis, carriesEssayText);
}
