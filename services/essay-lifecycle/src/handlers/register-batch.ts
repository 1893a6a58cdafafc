import * as v from "valibot";
import type { TopicData } from "@shared/contracts/topics.ts";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import { EssayContentProvisionedTopic } from "@shared/contracts/events/file.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { insertBatchWithSlots, takePendingContents } from "../db/intake-store.ts";
import { completeProvisioningIfReady } from "./complete-provisioning.ts";
import { provisionContent, type ProvisionResult } from "./provision-content.ts";

export type BatchEssaysRegistered = TopicData<typeof BatchEssaysRegisteredTopic>;

export interface RegistrationResult {
  registered: boolean;
  /** What became of content that arrived before the registration. */
  applied: ProvisionResult[];
  batchCompleted: boolean;
}

/**
 * Create one slot per essay id, keep the batch context, then apply content and count failures that
 * arrived early — all in the caller's transaction, so nothing held is lost or applied twice.
 */
export function registerBatch(tx: DbOrTx, emit: Emit, data: BatchEssaysRegistered, correlationId: string, log: Logger): RegistrationResult {
  const essayIds = [...new Set(data.essay_ids)];
  if (essayIds.length !== data.expected_essay_count) {
    // Slots are what can be filled; waiting for more than exist would never complete.
    log.warn("expected_essay_count differs from the essay ids given; using the essay ids", { expected_essay_count: data.expected_essay_count, essay_ids: essayIds.length });
  }
  const registered = insertBatchWithSlots(
    tx,
    {
      batchId: data.batch_id, expectedCount: essayIds.length, courseCode: data.course_code, language: data.language,
      essayInstructions: data.essay_instructions, studentPromptRef: data.student_prompt_ref ?? null, userId: data.user_id,
      orgId: data.org_id ?? null, classId: data.class_id ?? null, assignmentId: data.assignment_id ?? null,
    },
    essayIds,
  );
  if (!registered) {
    log.warn("batch already registered; registration ignored");
    return { registered: false, applied: [], batchCompleted: false };
  }
  log.info("batch registered", { expected_count: essayIds.length });
  const applied = takePendingContents(tx, data.batch_id).map((held) =>
    provisionContent(tx, emit, v.parse(EssayContentProvisionedTopic.schema, held.payload), held.correlationId, log),
  );
  if (applied.length > 0) log.info("applied content that arrived before registration", { count: applied.length });
  const completedByContent = applied.some((r) => r.kind === "assigned" && r.batchCompleted);
  // Early validation failures (or an empty batch) may complete it without any content.
  const batchCompleted = completedByContent || completeProvisioningIfReady(tx, emit, data.batch_id, correlationId, log);
  return { registered: true, applied, batchCompleted };
}
