import type { TopicData } from "@shared/contracts/topics.ts";
import type { CJAssessmentRequestedTopic } from "@shared/contracts/events/els.ts";
import { BatchState } from "../domain/batch-state.ts";
import { fitBradleyTerry } from "../domain/bradley-terry.ts";
import { summariseProgress } from "../domain/batch-progress.ts";
import { comparisonBudget } from "../domain/pairing.ts";
import { ItemKind } from "../domain/statuses.ts";
import { findBatch, insertBatch, type BatchRow, type ItemRow } from "../db/batch-store.ts";
import { finaliseBatch } from "./finalise-batch.ts";
import { planNextRound, type AdvanceOutcome } from "./advance-batch.ts";
import type { WorkflowTx } from "./workflow.ts";

export type CJAssessmentRequest = TopicData<typeof CJAssessmentRequestedTopic>;

/** What the handler gathered before the transaction (content fetches, anchors, settings). */
export interface PreparedBatch {
  readonly request: CJAssessmentRequest;
  readonly correlationId: string;
  /** Essays in request order with their text, or why they cannot take part. */
  readonly essays: readonly ({ essayId: string; text: string } | { essayId: string; missing: string })[];
  readonly promptText: string | null;
  readonly anchors: readonly { anchorId: string; grade: string; text: string }[];
  readonly gradeScale: string | null;
  readonly totalBudget: number;
  readonly seed: number;
}

export type StartOutcome = { readonly kind: "duplicate"; readonly state: BatchState } | { readonly kind: "started"; readonly next: AdvanceOutcome };

/**
 * Store the batch and its items, plan the first (random) round and queue its requests, all in the
 * caller's transaction. A batch id is assessed once: a repeated request changes nothing.
 */
export function startBatch(w: WorkflowTx, prepared: PreparedBatch): StartOutcome {
  const { request } = prepared;
  const existing = findBatch(w.tx, request.batch_id);
  if (existing) return { kind: "duplicate", state: existing.state };
  const usable = prepared.essays.flatMap((e) => ("text" in e ? [e] : []));
  const failedEssays = prepared.essays.flatMap((e) => ("missing" in e ? [{ essay_id: e.essayId, reason: e.missing }] : []));
  // Anchors only make sense next to essays: without any, nothing is compared.
  const anchors = usable.length > 0 ? prepared.anchors : [];
  const items: ItemRow[] = [
    ...usable.map((e, i) => ({ batchId: request.batch_id, itemIndex: i, kind: ItemKind.ESSAY, refId: e.essayId, grade: null, text: e.text })),
    ...anchors.map((a, i) => ({ batchId: request.batch_id, itemIndex: usable.length + i, kind: ItemKind.ANCHOR, refId: a.anchorId, grade: a.grade, text: a.text })),
  ];
  const now = w.now.toISOString();
  const batch: BatchRow = {
    batchId: request.batch_id, state: BatchState.PENDING, userId: request.user_id, orgId: request.org_id ?? null,
    assignmentId: request.assignment_id ?? null, language: request.language, courseCode: request.course_code,
    essayInstructions: request.essay_instructions, promptText: prepared.promptText, gradeScale: prepared.gradeScale,
    itemCount: items.length, budget: comparisonBudget(items.length, prepared.totalBudget), seed: prepared.seed, round: 0, answeredPairs: 0,
    fitScores: null, fitStandardErrors: null, maxScoreChange: null, expectedRankAgreement: null, statistics: null, stallRecoveries: 0, failedEssays,
    finishReason: null, comparisonsMade: null, correlationId: prepared.correlationId, createdAt: now, lastActivityAt: now, completedAt: null,
  };
  insertBatch(w.tx, batch, items);
  w.log.info("CJ batch stored", {
    essays: usable.length, anchors: anchors.length, failed_essays: failedEssays.length, budget: batch.budget, seed: batch.seed, grade_scale: batch.gradeScale,
  });
  const progress = summariseProgress(items.length, [], w.settings.pairAbandonLimit);
  if (usable.length === 0 || batch.budget === 0) {
    const fit = fitBradleyTerry(items.length, []);
    const result = finaliseBatch(w, batch, items, fit, progress, usable.length === 0 ? null : "budget_reached");
    return { kind: "started", next: result ? { kind: "finished", result } : { kind: "already_final" } };
  }
  return { kind: "started", next: planNextRound(w, batch, items, progress) };
}
