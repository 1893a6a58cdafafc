import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { PhaseName } from "@shared/contracts/enums.ts";
import { ELSBatchPhaseOutcomeTopic } from "@shared/contracts/events/els.ts";
import { recordCorrections, recordMetrics } from "../db/essay-context.ts";
import { correctionPairs } from "../domain/feedback-request.ts";
import type { HandlerDeps } from "./deps.ts";

/**
 * ELS: spellcheck or NLP finished for a batch. Each succeeded essay's corrections or metrics (and
 * grammar check id) are what its feedback request is built from, and the batch's norms are computed
 * over them. Both writes are "keep the newest" upserts in one transaction, so a redelivered outcome
 * changes nothing: no processed mark needed. Failed essays leave what was known before.
 */
export function phaseOutcomeHandler(deps: Pick<HandlerDeps, "db">): EventHandler {
  return on(ELSBatchPhaseOutcomeTopic, async (envelope, ctx) => {
    const d = envelope.data;
    if (d.phase !== PhaseName.SPELLCHECK && d.phase !== PhaseName.NLP) return;
    if (!d.essay_results) {
      ctx.logger.info("phase outcome without essay results (older ELS); nothing recorded", { phase: d.phase });
      return;
    }
    const observedAt = envelope.event_timestamp;
    let recorded = 0;
    deps.db.transaction((tx) => {
      for (const essay of d.essay_results ?? []) {
        if (essay.status !== "success") continue;
        const { spellcheck, nlp } = essay.result_refs;
        if (d.phase === PhaseName.SPELLCHECK && spellcheck) {
          recordCorrections(tx, {
            essayId: essay.essay_id, batchId: d.batch_id, corrections: correctionPairs(spellcheck.corrections),
            correctionCount: spellcheck.correction_count, observedAt,
          });
          recorded += 1;
        }
        if (d.phase === PhaseName.NLP && nlp) {
          recordMetrics(tx, { essayId: essay.essay_id, batchId: d.batch_id, metrics: nlp.metrics, grammarStorageId: nlp.grammar_storage_id ?? null, observedAt });
          recorded += 1;
        }
      }
    });
    ctx.logger.debug("earlier phase results recorded", { phase: d.phase, essays: recorded });
  });
}
