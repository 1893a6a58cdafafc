import type { PhaseName, PhaseOutcomeStatus, PipelineName } from "@shared/contracts/enums.ts";
import { ClientBatchPipelineRequestTopic, PHASE_COMMAND_TOPICS, type PhaseInitiateCommand } from "@shared/contracts/events/batch.ts";
import { BatchContentProvisioningCompletedTopic, ELSBatchPhaseOutcomeTopic } from "@shared/contracts/events/els.ts";
import type { PipelinePromptPayload } from "@shared/contracts/batch-registration.ts";
import type { StorageReferenceMetadata } from "@shared/contracts/storage.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import { eventually, headers, registrationBody, type Harness } from "./harness.ts";

export interface ReadyBatch {
  batchId: string;
  userId: string;
  essayIds: string[];
  /** The provisioning event, for redelivery tests. */
  provisioning: EventEnvelope;
}

export async function summaryOf(h: Harness, batchId: string): Promise<Record<string, unknown> & { status: string }> {
  return (await (await fetch(`${h.url}/internal/v1/batches/${batchId}`, { headers })).json()) as Record<string, unknown> & { status: string };
}

export async function waitForStatus(h: Harness, batchId: string, status: string): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const s = await summaryOf(h, batchId);
    return s.status === status && s;
  }, 8000, `batch ${batchId} to reach ${status}`);
}

/** Register a batch and provision every essay (minus `failures` files that failed validation). */
export async function readyBatch(h: Harness, options: { userId: string; essays?: number; prompt?: StorageReferenceMetadata; failures?: number }): Promise<ReadyBatch> {
  const essays = options.essays ?? 3;
  const failures = options.failures ?? 0;
  const res = await h.register(registrationBody({ user_id: options.userId, expected_essay_count: essays, ...(options.prompt ? { student_prompt_ref: options.prompt } : {}) }));
  const { batch_id, essay_ids } = (await res.json()) as { batch_id: string; essay_ids: string[] };
  const provisioned = essay_ids.slice(0, essays - failures);
  const provisioning = await h.publish(BatchContentProvisioningCompletedTopic, {
    batch_id, expected_count: essays, provisioned_count: provisioned.length,
    essays: provisioned.map((essay_id, i) => ({
      essay_id, text_storage_id: `text-${i}`, original_file_name: `essay-${i}.txt`, file_upload_id: `upload-${i}`,
      student_name: `Student ${i}`, student_email: `student${i}@school.example`,
    })),
    failures: Array.from({ length: failures }, (_, i) => ({
      file_upload_id: `bad-upload-${i}`, original_file_name: `broken-${i}.docx`, error_code: "CORRUPT_FILE", message: "The file could not be read",
    })),
  });
  await waitForStatus(h, batch_id, provisioned.length > 0 ? "READY_FOR_PIPELINE_EXECUTION" : "FAILED_CRITICALLY");
  return { batchId: batch_id, userId: options.userId, essayIds: essay_ids, provisioning };
}

export function requestPipeline(h: Harness, batch: { batchId: string; userId: string }, pipeline: PipelineName, prompt?: PipelinePromptPayload) {
  return h.publish(ClientBatchPipelineRequestTopic, {
    batch_id: batch.batchId, requested_pipeline: pipeline, user_id: batch.userId, ...(prompt ? { prompt_payload: prompt } : {}),
  });
}

export async function phaseCommands(h: Harness, phase: PhaseName, batchId: string): Promise<EventEnvelope<PhaseInitiateCommand>[]> {
  return h.events<PhaseInitiateCommand>(PHASE_COMMAND_TOPICS[phase], batchId);
}

/** Wait for the (n-th) command of a phase and return it. */
export async function awaitCommand(h: Harness, phase: PhaseName, batchId: string, nth = 1): Promise<EventEnvelope<PhaseInitiateCommand>> {
  return eventually(async () => (await phaseCommands(h, phase, batchId))[nth - 1], 8000, `${phase} command for ${batchId}`);
}

export function phaseOutcome(
  h: Harness, batchId: string, phase: PhaseName, status: PhaseOutcomeStatus,
  processed: { essay_id: string; text_storage_id: string }[], failed: string[] = [],
) {
  return h.publish(ELSBatchPhaseOutcomeTopic, { batch_id: batchId, phase, status, processed_essays: processed, failed_essay_ids: failed });
}
