import type { Redis } from "./redis.ts";
import type { EventHandler } from "./consumer.ts";

/**
 * Deletes a stream entry once its handler has succeeded, when `holdsText(data)` says it carries
 * essay text (or text quoted from an essay): texts must not linger in Redis until MAXLEN trims them.
 * Only for topics read by this one consumer group. A failed handler deletes nothing: the entry stays
 * for the retry and, at last, the DLQ (which the batch's erasure scrubs).
 */
export function deleteHandledEntries(handlers: readonly EventHandler[], redis: Redis, holdsText: (data: unknown) => boolean): EventHandler[] {
  return handlers.map((h): EventHandler => {
    const handleBatch = h.handleBatch;
    return {
      topic: h.topic,
      async handle(envelope, ctx) {
        await h.handle(envelope, ctx);
        // Not awaited: the next entries of the read must not wait (they would idle into a reclaim).
        if (holdsText(envelope.data)) {
          redis.xdel(ctx.topic, ctx.entryId).catch((err: unknown) => ctx.logger.warn("handled entry not deleted", { entry_id: ctx.entryId, error: err }));
        }
      },
      ...(handleBatch ? {
        async handleBatch(items: Parameters<typeof handleBatch>[0]) {
          await handleBatch(items);
          const texts = items.filter((i) => holdsText(i.envelope.data));
          const first = texts[0];
          if (first) {
            redis.xdel(first.ctx.topic, ...texts.map((i) => i.ctx.entryId))
              .catch((err: unknown) => first.ctx.logger.warn("handled entries not deleted", { entries: texts.length, error: err }));
          }
        },
      } : {}),
    };
  });
}
