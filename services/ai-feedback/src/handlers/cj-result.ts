import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { AssessmentResultPublishedTopic } from "@shared/contracts/events/cj-results.ts";
import { recordCjPosition } from "../db/essay-context.ts";
import type { HandlerDeps } from "./deps.ts";

/**
 * cj-assessment: a batch's comparative judgement is done. Each ranked essay's place (rank of N, and
 * its score in SDs of the batch's) is kept for its feedback request: in `comprehensive`, BOS starts
 * ai_feedback only after cj_assessment. "Keep the newest" upserts in one transaction, so a
 * redelivery changes nothing (no processed mark needed).
 */
export function cjResultHandler(deps: Pick<HandlerDeps, "db">): EventHandler {
  return on(AssessmentResultPublishedTopic, async (envelope, ctx) => {
    const { batch_id, essays } = envelope.data;
    const n = essays.length;
    const mean = essays.reduce((s, e) => s + e.score, 0) / Math.max(1, n);
    const sd = Math.sqrt(essays.reduce((s, e) => s + (e.score - mean) ** 2, 0) / Math.max(1, n));
    deps.db.transaction((tx) => {
      for (const e of essays) {
        recordCjPosition(tx, {
          essayId: e.essay_id, batchId: batch_id, rank: e.rank, rankedEssays: n,
          scoreZ: sd > 1e-9 ? (e.score - mean) / sd : null, observedAt: envelope.event_timestamp,
        });
      }
    });
    ctx.logger.debug("CJ positions recorded", { essays: n });
  });
}
