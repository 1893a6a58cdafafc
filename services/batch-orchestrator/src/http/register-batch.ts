import { HuleEduError } from "@shared/contracts/errors.ts";
import type { BatchRegistrationRequestV1 } from "@shared/contracts/batch-registration.ts";
import { BatchStatus, languageForCourse } from "@shared/contracts/enums.ts";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import { essayIdsOf, findBatchByIdempotencyKey, insertBatch } from "../db/batch-repository.ts";
import { SERVICE_NAME } from "../service-name.ts";

export interface RegistrationResult {
  batch_id: string;
  correlation_id: string;
  essay_ids: string[];
  /** True when an earlier request with the same Idempotency-Key already registered this batch. */
  replayed: boolean;
}

const sha256 = (value: unknown) => new Bun.CryptoHasher("sha256").update(JSON.stringify(value)).digest("hex");

/**
 * Store the batch context with its essay slots (status AWAITING_CONTENT) and queue
 * BatchEssaysRegistered in the same transaction. A repeated Idempotency-Key from the same user
 * returns the first batch; the same key with a different body is a conflict.
 */
export function registerBatch(uow: UnitOfWork, request: BatchRegistrationRequestV1, options: { correlationId: string; idempotencyKey?: string | undefined; name?: string | null }): RegistrationResult {
  const { correlationId, idempotencyKey } = options;
  const name = options.name ?? null;
  // Unnamed registrations hash as before, so their keys still replay.
  const requestSha256 = sha256(name === null ? request : { ...request, name });
  return uow.run((tx, emit) => {
    if (idempotencyKey) {
      const earlier = findBatchByIdempotencyKey(tx, request.user_id, idempotencyKey);
      if (earlier) {
        if (earlier.requestSha256 !== requestSha256) {
          throw new HuleEduError("CONFLICT", "Idempotency-Key was already used for a different registration", { idempotency_key: idempotencyKey });
        }
        return { batch_id: earlier.batchId, correlation_id: earlier.correlationId, essay_ids: essayIdsOf(tx, earlier.batchId), replayed: true };
      }
    }
    const batchId = crypto.randomUUID();
    const essayIds = Array.from({ length: request.expected_essay_count }, () => crypto.randomUUID());
    const language = languageForCourse(request.course_code);
    const now = new Date().toISOString();
    insertBatch(tx, {
      batchId, userId: request.user_id, orgId: request.org_id ?? null, name, courseCode: request.course_code, language,
      essayInstructions: request.essay_instructions, classId: request.class_id ?? null, assignmentId: request.assignment_id ?? null,
      studentPromptRef: request.student_prompt_ref ?? null, cjSettings: request.cj_settings ?? null,
      expectedEssayCount: request.expected_essay_count, status: BatchStatus.AWAITING_CONTENT, activeRunId: null,
      correlationId, idempotencyKey: idempotencyKey ?? null, requestSha256, createdAt: now, updatedAt: now,
    }, essayIds);
    emit(BatchEssaysRegisteredTopic, {
      data: {
        batch_id: batchId, expected_essay_count: request.expected_essay_count, essay_ids: essayIds, course_code: request.course_code,
        language, essay_instructions: request.essay_instructions, student_prompt_ref: request.student_prompt_ref ?? null,
        user_id: request.user_id, org_id: request.org_id ?? null, class_id: request.class_id ?? null, assignment_id: request.assignment_id ?? null,
      },
      source: SERVICE_NAME, correlationId, metadata: { user_id: request.user_id, batch_id: batchId },
    });
    return { batch_id: batchId, correlation_id: correlationId, essay_ids: essayIds, replayed: false };
  });
}
