import type { Hono } from "hono";
import { ConfirmAssociationsRequestSchema } from "@shared/contracts/classes.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson, readParams } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { studentInClass } from "../db/class-repository.ts";
import { associationsOf, findMatching } from "../db/matching-repository.ts";
import { ConfirmedBy, MatchingStatus } from "../db/schema.ts";
import { settleStudents } from "../domain/confirmation.ts";
import { settleBatch } from "../matching/settle-batch.ts";
import { BatchParamsSchema, USER } from "./class-routes.ts";
import { associationsView } from "./views.ts";

const notFound = (batchId: string) => new HuleEduError("RESOURCE_NOT_FOUND", "No student associations for this batch", { batch_id: batchId, reason: "associations_not_found" });

/** The teacher's view of a REGULAR batch's author suggestions, and the confirmation. */
export function registerAssociationRoutes(app: Hono<AppEnv>, deps: { db: Db; uow: UnitOfWork; logger: Logger }): void {
  const { db, uow, logger } = deps;
  const ownedBatch = (userId: string, batchId: string) => {
    const batch = findMatching(db, batchId);
    if (!batch || batch.userId !== userId) throw notFound(batchId);
    return batch;
  };

  app.get(`${USER}/batches/:batch_id/student-associations`, (c) => {
    const { user_id, batch_id } = readParams(c, BatchParamsSchema);
    return c.json(associationsView(db, ownedBatch(user_id, batch_id)));
  });

  app.post(`${USER}/batches/:batch_id/student-associations/confirm`, async (c) => {
    const { user_id, batch_id } = readParams(c, BatchParamsSchema);
    const batch = ownedBatch(user_id, batch_id);
    const body = await readJson(c, ConfirmAssociationsRequestSchema);
    if (batch.status === MatchingStatus.AWAITING_CONTENT) throw new HuleEduError("CONFLICT", "The batch's essays have not all arrived yet", { reason: "awaiting_content" });
    if (batch.status === MatchingStatus.CONFIRMED) throw new HuleEduError("CONFLICT", "The associations are already confirmed", { reason: "already_confirmed", confirmed_by: batch.confirmedBy });
    const essays = new Set(associationsOf(db, batch_id).map((a) => a.essayId));
    const corrections = new Map<string, string | null>();
    for (const fix of body.corrections ?? []) {
      if (!essays.has(fix.essay_id)) throw new HuleEduError("VALIDATION_ERROR", "An essay in corrections is not part of this batch", { essay_id: fix.essay_id, reason: "unknown_essay" });
      if (fix.student_id && !studentInClass(db, batch.classId, fix.student_id)) {
        throw new HuleEduError("VALIDATION_ERROR", "A student in corrections is not on this class's roster", { student_id: fix.student_id, reason: "student_not_in_class" });
      }
      corrections.set(fix.essay_id, fix.student_id);
    }
    const settled = uow.run((tx, emit) => {
      const finals = settleStudents(associationsOf(tx, batch_id), { by: "teacher", corrections });
      return settleBatch(tx, emit, batch, finals, ConfirmedBy.TEACHER, c.var.correlationId);
    });
    if (!settled) throw new HuleEduError("CONFLICT", "The associations are already confirmed", { reason: "already_confirmed" });
    logger.info("author matching confirmed by the teacher", { batch_id, corrections: corrections.size, correlation_id: c.var.correlationId });
    return c.json(associationsView(db, ownedBatch(user_id, batch_id)));
  });
}
