import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import { upsertRegisteredBatch } from "../db/batch-repository.ts";
import { upsertEssay } from "../db/essay-repository.ts";
import { SERVICE_NAME } from "../service-name.ts";
import type { HandlerDeps } from "./deps.ts";

/** BOS registered a batch: the view starts here (or fills in the context of a view an owner-bearing event started). */
export function registrationHandler(deps: Pick<HandlerDeps, "uow">): EventHandler {
  return on(BatchEssaysRegisteredTopic, async (envelope, hctx) => {
    const d = envelope.data;
    const now = new Date().toISOString();
    const outcome = deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx) => {
      upsertRegisteredBatch(tx, {
        batchId: d.batch_id, userId: d.user_id, orgId: d.org_id ?? null, courseCode: d.course_code, language: d.language,
        essayInstructions: d.essay_instructions, classId: d.class_id ?? null, assignmentId: d.assignment_id ?? null,
        expectedEssayCount: d.expected_essay_count,
      }, envelope.event_timestamp, now);
      d.essay_ids.forEach((essayId, position) => upsertEssay(tx, d.batch_id, essayId, { position }, now));
    });
    if (outcome.applied) hctx.logger.info("batch view registered", { user_id: d.user_id, essay_count: d.essay_ids.length });
  });
}
