import type { EventHandler } from "@shared/bus/consumer.ts";
import { AssessmentResultPublishedTopic } from "@shared/contracts/events/cj-results.ts";
import { recordCjSummary } from "../db/batch-repository.ts";
import { clearFailure, recordCjResult } from "../db/essay-repository.ts";
import { batchEventHandler } from "./batch-event.ts";
import type { HandlerDeps } from "./deps.ts";
import { resultsReadyIfComplete } from "./results-ready.ts";

/**
 * cj-assessment published a batch's ranking: rank, score, SE, grade and grade probabilities per
 * essay. The CJ phase's `results_ready` waits for both this and ELS's phase outcome.
 */
export function cjResultHandler(deps: HandlerDeps): EventHandler {
  return batchEventHandler(deps, AssessmentResultPublishedTopic, (d, { tx, batch, at, now, correlationId, logger }) => {
    const summary = { gradeScale: d.grade_scale ?? null, comparisonsMade: d.comparisons_made, finishReason: d.finish_reason };
    if (!recordCjSummary(tx, batch, { ...summary, anchors: d.anchors, gradeProjection: d.grade_projection ?? null, statistics: d.statistics ?? null }, at, now)) {
      logger.info("CJ result older than the one the view shows; ignored");
      return [];
    }
    for (const essay of d.essays) {
      recordCjResult(tx, d.batch_id, essay.essay_id, {
        rank: essay.rank, score: essay.score, standardError: essay.standard_error, grade: essay.grade ?? null, gradeProbabilities: essay.grade_probabilities,
        gradeUncertain: essay.grade_uncertain ?? null,
      }, at, now);
      clearFailure(tx, d.batch_id, essay.essay_id, "cj_assessment");
    }
    logger.info("CJ result stored", { essay_count: d.essays.length, comparisons_made: d.comparisons_made, finish_reason: d.finish_reason });
    return resultsReadyIfComplete(tx, d.batch_id, "cj_assessment", correlationId, now);
  });
}
