// Event payloads as BOS, the file service and the phase services would send them.
import type { TopicData } from "@shared/contracts/topics.ts";
import type { PhaseName } from "@shared/contracts/enums.ts";
import { BatchEssaysRegisteredTopic, PHASE_COMMAND_TOPICS, type PhaseInitiateCommand } from "@shared/contracts/events/batch.ts";
import { BatchContentProvisioningCompletedTopic } from "@shared/contracts/events/els.ts";
import type { EssayTextRef } from "@shared/contracts/events/essay-ref.ts";
import { EssayContentProvisionedTopic, EssayValidationFailedTopic } from "@shared/contracts/events/file.ts";
import { waitFor, type ElsHarness } from "./els-harness.ts";

export const PROMPT_REF = { references: { student_prompt_text: { storage_id: "prompt-1" } } };

export function newBatchId(): string {
  return `batch-${crypto.randomUUID()}`;
}

export function essayIdsFor(batchId: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${batchId}-essay-${i}`);
}

export function registration(batchId: string, essayIds: string[]): TopicData<typeof BatchEssaysRegisteredTopic> {
  return {
    batch_id: batchId, expected_essay_count: essayIds.length, essay_ids: essayIds, course_code: "ENG5", language: "en",
    essay_instructions: "Write about a journey.", student_prompt_ref: PROMPT_REF, user_id: "teacher-1", org_id: null,
  };
}

const sha256 = (text: string) => new Bun.CryptoHasher("sha256").update(text).digest("hex");

/** The i-th distinct file of a batch; the same (batch, i) always has the same content hash. */
export function content(batchId: string, i: number, overrides: Partial<TopicData<typeof EssayContentProvisionedTopic>> = {}): TopicData<typeof EssayContentProvisionedTopic> {
  return {
    batch_id: batchId, file_upload_id: `${batchId}-upload-${i}`, original_file_name: `essay-${i}.txt`,
    raw_file_storage_id: `${batchId}-raw-${i}`, text_storage_id: `${batchId}-text-${i}`, file_size_bytes: 1000 + i,
    content_sha256: sha256(`${batchId} essay text ${i}`), student_name: `Student ${i}`, student_email: `student${i}@school.test`,
    ...overrides,
  };
}

export function failure(batchId: string, i: number): TopicData<typeof EssayValidationFailedTopic> {
  return {
    batch_id: batchId, file_upload_id: `${batchId}-bad-upload-${i}`, original_file_name: `broken-${i}.docx`,
    raw_file_storage_id: null, file_size_bytes: 12, error_code: "CORRUPT_FILE", message: "The file could not be read",
  };
}

export function phaseCommand(batchId: string, phase: PhaseName, essays: EssayTextRef[]): PhaseInitiateCommand {
  return {
    batch_id: batchId, phase, pipeline: phase, user_id: "teacher-1", org_id: null, language: "en", course_code: "ENG5",
    essay_instructions: "Write about a journey.", student_prompt_ref: PROMPT_REF, assignment_id: null, cj_settings: null, essays,
  };
}

export function commandTopic(phase: PhaseName) {
  return PHASE_COMMAND_TOPICS[phase];
}

/** Register a batch of n essays, provision each, and wait until ELS hands it on; returns its essays. */
export async function provisionedBatch(h: ElsHarness, n: number): Promise<{ batchId: string; essays: EssayTextRef[] }> {
  const batchId = newBatchId();
  await h.publish(BatchEssaysRegisteredTopic, registration(batchId, essayIdsFor(batchId, n)));
  for (let i = 0; i < n; i++) await h.publish(EssayContentProvisionedTopic, content(batchId, i));
  const [completed] = await waitFor("provisioning completed", async () => {
    const events = await h.events(BatchContentProvisioningCompletedTopic, batchId);
    return events.length > 0 ? events : undefined;
  });
  return { batchId, essays: (completed?.essays ?? []).map((e) => ({ essay_id: e.essay_id, text_storage_id: e.text_storage_id })) };
}

export function spellcheckResult(batchId: string, essay: EssayTextRef, ok: boolean) {
  return {
    batch_id: batchId, essay_id: essay.essay_id, status: ok ? "success" as const : "failed" as const,
    error: ok ? null : { code: "SPELLCHECK_FAILED", message: "dictionary missing" },
    language: "en" as const, original_text_storage_id: essay.text_storage_id, corrected_text_storage_id: ok ? `corrected-${essay.essay_id}` : null,
    corrections: [], correction_count: 0, word_count: 120,
  };
}

export function nlpResult(batchId: string, essay: EssayTextRef, ok: boolean) {
  return {
    batch_id: batchId, essay_id: essay.essay_id, status: ok ? "success" as const : "failed" as const,
    error: ok ? null : { code: "NLP_FAILED", message: "empty text" }, language: "en" as const, text_storage_id: essay.text_storage_id,
    metrics_storage_id: ok ? `metrics-${essay.essay_id}` : null, metrics: ok ? { words: 120 } : null,
  };
}
