import type { Redis } from "ioredis";
import type { EventHandler } from "@shared/bus/consumer.ts";

type Essay = { text?: string | undefined } | undefined;
type RequestData = { essay_a?: Essay; essay_b?: Essay; essay?: Essay };

/** A request that carries an essay's text inline (CJ sends texts; ai-feedback sends storage ids). */
export function carriesEssayText(data: unknown): boolean {
  const d = data as RequestData;
  return [d.essay_a, d.essay_b, d.essay].some((e) => typeof e?.text === "string" && e.text.length > 0);
}

/**
 * Once a request is committed to the request log (SQLite, erased with its batch), its stream entry
 * is deleted when it holds essay text, so texts do not linger in Redis until MAXLEN trims them.
 * A failed handler deletes nothing: the entry stays for the retry and, at last, the DLQ.
 */
export function trimTextEntriesAfterIntake(handlers: readonly EventHandler[], redis: Redis): EventHandler[] {
  return handlers.map((h) => ({
    topic: h.topic,
    async handle(envelope, ctx) {
      await h.handle(envelope, ctx);
      // Not awaited: the next entries of the read must not wait (they would idle into a reclaim).
      if (carriesEssayText(envelope.data)) {
        redis.xdel(ctx.topic, ctx.entryId).catch((err: unknown) => ctx.logger.warn("request entry not trimmed", { entry_id: ctx.entryId, error: err }));
      }
    },
  }));
}
