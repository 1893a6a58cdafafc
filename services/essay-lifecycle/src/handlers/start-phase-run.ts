import { PhaseName } from "@shared/contracts/enums.ts";
import type { PhaseInitiateCommand } from "@shared/contracts/events/batch.ts";
import {
  CJAssessmentRequestedTopic, EssayAIFeedbackRequestedTopic, EssayNlpRequestedTopic, EssaySpellcheckRequestedTopic,
} from "@shared/contracts/events/els.ts";
import type { EssayTextRef } from "@shared/contracts/events/essay-ref.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { SERVICE_NAME } from "../config.ts";
import { decideTransition, type TransitionDecision } from "../domain/essay-state-machine.ts";
import { findEssays, moveEssayStatus } from "../db/essay-store.ts";
import { findActiveRun, openPhaseRun, type RunEssayInput } from "../db/phase-store.ts";
import { closePhaseRunIfDone, type ClosedRun } from "./close-phase-run.ts";

/** The per-essay request topic of each phase that fans out per essay (CJ takes the batch at once). */
const ESSAY_REQUEST_TOPICS = {
  [PhaseName.SPELLCHECK]: EssaySpellcheckRequestedTopic,
  [PhaseName.NLP]: EssayNlpRequestedTopic,
  [PhaseName.AI_FEEDBACK]: EssayAIFeedbackRequestedTopic,
} as const;

export type PhaseStartResult =
  | { kind: "skipped" }
  | { kind: "started"; runId: string; requested: number; refused: number; closed?: ClosedRun };

/**
 * Record a phase run for the batch, move each essay into the phase and fan out the requests, in one
 * transaction. An essay the state machine refuses (or ELS does not know) is not sent and counts as
 * failed in the run, so the batch still gets its outcome.
 */
export function startPhaseRun(
  tx: DbOrTx, emit: Emit, phase: PhaseName, command: PhaseInitiateCommand, commandEventId: string, correlationId: string, log: Logger,
): PhaseStartResult {
  if (command.phase !== phase) log.warn("command phase differs from its topic; the topic decides", { command_phase: command.phase, phase });
  if (findActiveRun(tx, command.batch_id, phase)) return skipped(log, phase);
  const refs = [...new Map(command.essays.map((e) => [e.essay_id, e])).values()];
  const known = new Map(findEssays(tx, refs.map((e) => e.essay_id)).map((e) => [e.essayId, e]));
  const plan: RunEssayInput[] = [];
  const moves: { ref: EssayTextRef; decision: Extract<TransitionDecision, { kind: "move" }> }[] = [];
  for (const ref of refs) {
    const essay = known.get(ref.essay_id);
    if (!essay || essay.batchId !== command.batch_id) {
      log.warn("essay not known in this batch; counted as failed", { essay_id: ref.essay_id, phase });
      plan.push({ essayId: ref.essay_id, inputTextStorageId: ref.text_storage_id, failureReason: "unknown_essay" });
      continue;
    }
    const decision = decideTransition(essay.status, { type: "phase_started", phase });
    if (decision.kind === "reject") {
      log.warn("essay status transition skipped", { essay_id: ref.essay_id, from: decision.from, to: decision.to, reason: decision.reason });
      plan.push({ essayId: ref.essay_id, inputTextStorageId: ref.text_storage_id, failureReason: `cannot_start_from_${decision.from}` });
      continue;
    }
    plan.push({ essayId: ref.essay_id, inputTextStorageId: ref.text_storage_id });
    moves.push({ ref, decision });
  }
  const runId = crypto.randomUUID();
  if (!openPhaseRun(tx, { runId, batchId: command.batch_id, phase, commandEventId }, plan)) return skipped(log, phase);
  for (const { ref, decision } of moves) {
    if (!moveEssayStatus(tx, ref.essay_id, decision.from, decision.to)) throw new Error(`essay ${ref.essay_id} changed inside its transaction`);
  }
  fanOut(emit, phase, command, moves.map((m) => m.ref), correlationId);
  log.info("phase started for batch", { phase, run_id: runId, requested: moves.length, refused: plan.length - moves.length });
  // A run in which no essay could start is already decided.
  const closed = closePhaseRunIfDone(tx, emit, { runId, batchId: command.batch_id, phase }, correlationId, log);
  return { kind: "started", runId, requested: moves.length, refused: plan.length - moves.length, ...(closed ? { closed } : {}) };
}

function skipped(log: Logger, phase: PhaseName): PhaseStartResult {
  log.warn("phase already in progress for this batch; command ignored", { phase });
  return { kind: "skipped" };
}

function fanOut(emit: Emit, phase: PhaseName, command: PhaseInitiateCommand, essays: readonly EssayTextRef[], correlationId: string): void {
  if (essays.length === 0) return;
  const metadata = { batch_id: command.batch_id, user_id: command.user_id };
  if (phase === PhaseName.CJ_ASSESSMENT) {
    emit(CJAssessmentRequestedTopic, {
      data: {
        batch_id: command.batch_id, language: command.language, course_code: command.course_code,
        essay_instructions: command.essay_instructions, student_prompt_ref: command.student_prompt_ref ?? null,
        assignment_id: command.assignment_id ?? null, user_id: command.user_id, org_id: command.org_id ?? null,
        cj_settings: command.cj_settings ?? null, essays: [...essays],
      },
      source: SERVICE_NAME, correlationId, metadata,
    });
    return;
  }
  const topic = ESSAY_REQUEST_TOPICS[phase];
  for (const essay of essays) {
    emit(topic, {
      data: {
        batch_id: command.batch_id, essay_id: essay.essay_id, text_storage_id: essay.text_storage_id, language: command.language,
        essay_instructions: command.essay_instructions, student_prompt_ref: command.student_prompt_ref ?? null, user_id: command.user_id,
      },
      source: SERVICE_NAME, correlationId, metadata,
    });
  }
}
