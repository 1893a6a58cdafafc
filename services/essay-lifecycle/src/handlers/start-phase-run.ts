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
import { phaseDeadline, type PhaseTimeouts } from "../domain/phase-deadline.ts";
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

/** An essay entering the phase and the id of the request sent for it (CJ: one request, one id, for all). */
interface PlannedRequest {
  ref: EssayTextRef;
  decision: Extract<TransitionDecision, { kind: "move" }>;
  requestEventId: string;
}

/**
 * Record a phase run for the batch, move each essay into the phase and fan out the requests, in one
 * transaction. An essay the state machine refuses (or ELS does not know) is not sent and counts as
 * failed in the run, so the batch still gets its outcome. The run gets its deadline here; each
 * essay keeps its request's event id so a dead letter of that request can be matched to it.
 */
export function startPhaseRun(
  tx: DbOrTx, emit: Emit, phase: PhaseName, command: PhaseInitiateCommand, commandEventId: string, correlationId: string,
  timeouts: PhaseTimeouts, log: Logger,
): PhaseStartResult {
  if (command.phase !== phase) log.warn("command phase differs from its topic; the topic decides", { command_phase: command.phase, phase });
  if (findActiveRun(tx, command.batch_id, phase)) return skipped(log, phase);
  const refs = [...new Map(command.essays.map((e) => [e.essay_id, e])).values()];
  const known = new Map(findEssays(tx, refs.map((e) => e.essay_id)).map((e) => [e.essayId, e]));
  const plan: RunEssayInput[] = [];
  const moves: PlannedRequest[] = [];
  const batchRequestId = phase === PhaseName.CJ_ASSESSMENT ? crypto.randomUUID() : undefined;
  for (const commanded of refs) {
    const essay = known.get(commanded.essay_id);
    if (!essay || essay.batchId !== command.batch_id) {
      log.warn("essay not known in this batch; counted as failed", { essay_id: commanded.essay_id, phase });
      plan.push({ essayId: commanded.essay_id, inputTextStorageId: commanded.text_storage_id, failureReason: "unknown_essay" });
      continue;
    }
    // The slot holds the essay's current text; a command built before a file replacement names the old one.
    const ref = essay.textStorageId && essay.textStorageId !== commanded.text_storage_id ? { ...commanded, text_storage_id: essay.textStorageId } : commanded;
    if (ref !== commanded) log.info("command names an older text of the essay; the slot's current text is used", { essay_id: ref.essay_id, phase });
    const decision = decideTransition(essay.status, { type: "phase_started", phase });
    if (decision.kind === "reject") {
      log.warn("essay status transition skipped", { essay_id: ref.essay_id, from: decision.from, to: decision.to, reason: decision.reason });
      plan.push({ essayId: ref.essay_id, inputTextStorageId: ref.text_storage_id, failureReason: `cannot_start_from_${decision.from}` });
      continue;
    }
    const requestEventId = batchRequestId ?? crypto.randomUUID();
    plan.push({ essayId: ref.essay_id, inputTextStorageId: ref.text_storage_id, requestEventId });
    moves.push({ ref, decision, requestEventId });
  }
  const runId = crypto.randomUUID();
  const startedAt = new Date().toISOString();
  const run = { runId, batchId: command.batch_id, phase, commandEventId, correlationId, startedAt, deadlineAt: phaseDeadline(phase, startedAt, timeouts) };
  if (!openPhaseRun(tx, run, plan)) return skipped(log, phase);
  for (const { ref, decision } of moves) {
    if (!moveEssayStatus(tx, ref.essay_id, decision.from, decision.to)) throw new Error(`essay ${ref.essay_id} changed inside its transaction`);
  }
  fanOut(emit, phase, command, moves, correlationId);
  log.info("phase started for batch", { phase, run_id: runId, requested: moves.length, refused: plan.length - moves.length, deadline_at: run.deadlineAt });
  // A run in which no essay could start is already decided.
  const closed = closePhaseRunIfDone(tx, emit, { runId, batchId: command.batch_id, phase }, correlationId, log);
  return { kind: "started", runId, requested: moves.length, refused: plan.length - moves.length, ...(closed ? { closed } : {}) };
}

function skipped(log: Logger, phase: PhaseName): PhaseStartResult {
  log.warn("phase already in progress for this batch; command ignored", { phase });
  return { kind: "skipped" };
}

function fanOut(emit: Emit, phase: PhaseName, command: PhaseInitiateCommand, requests: readonly PlannedRequest[], correlationId: string): void {
  const [first] = requests;
  if (!first) return;
  const metadata = { batch_id: command.batch_id, user_id: command.user_id };
  if (phase === PhaseName.CJ_ASSESSMENT) {
    emit(CJAssessmentRequestedTopic, {
      data: {
        batch_id: command.batch_id, language: command.language, course_code: command.course_code,
        essay_instructions: command.essay_instructions, student_prompt_ref: command.student_prompt_ref ?? null,
        assignment_id: command.assignment_id ?? null, user_id: command.user_id, org_id: command.org_id ?? null,
        cj_settings: command.cj_settings ?? null, essays: requests.map((r) => r.ref),
      },
      source: SERVICE_NAME, correlationId, metadata, eventId: first.requestEventId,
    });
    return;
  }
  const topic = ESSAY_REQUEST_TOPICS[phase];
  for (const { ref: essay, requestEventId } of requests) {
    emit(topic, {
      data: {
        batch_id: command.batch_id, essay_id: essay.essay_id, text_storage_id: essay.text_storage_id, language: command.language,
        essay_instructions: command.essay_instructions, student_prompt_ref: command.student_prompt_ref ?? null, user_id: command.user_id,
      },
      source: SERVICE_NAME, correlationId, metadata, eventId: requestEventId,
    });
  }
}
