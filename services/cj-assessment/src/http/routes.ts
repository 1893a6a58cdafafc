import type { Hono } from "hono";
import type { AnchorSet } from "@shared/contracts/anchors.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson, readParams } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { getGradeScale, isAnchorGrade } from "../domain/grade-scales.ts";
import { findAssignment, listAnchors, type OwnedAssignment, saveAnchors } from "../db/anchor-store.ts";
import { anchorRegistrationSchema, AssignmentParamsSchema, type AnchorLimits } from "./schemas.ts";

export const USER_ID_HEADER = "X-User-ID";

export interface AnchorRoutesDeps {
  db: Db;
  uow: UnitOfWork;
  limits: AnchorLimits;
  logger: Logger;
}

/**
 * Anchor essays per assignment, called by the gateway with the internal key and the caller's
 * `X-User-ID`. Assignment ids are scoped per caller: every teacher has their own "essay-1", so an
 * id can neither be squatted nor probed; a teacher without anchors for an id gets 404 on GET.
 */
export function registerAnchorRoutes(app: Hono<AppEnv>, deps: AnchorRoutesDeps): void {
  const { db, uow, limits, logger } = deps;
  const bodySchema = anchorRegistrationSchema(limits);

  const anchorSet = (key: OwnedAssignment): AnchorSet | undefined => {
    const assignment = findAssignment(db, key);
    if (!assignment) return undefined;
    return {
      assignment_id: key.assignmentId,
      grade_scale: assignment.gradeScale,
      anchors: listAnchors(db, key).map((a) => ({
        anchor_id: a.anchorId, grade: a.grade, characters: a.text.length, created_at: a.createdAt, updated_at: a.updatedAt,
      })),
    };
  };

  app.post("/v1/assignments/:assignment_id/anchors", async (c) => {
    const userId = callerId(c.req.header(USER_ID_HEADER));
    const { assignment_id } = readParams(c, AssignmentParamsSchema);
    const body = await readJson(c, bodySchema);
    const scale = getGradeScale(body.grade_scale)!;
    const badGrades: Record<string, string> = {};
    body.anchors.forEach((a, i) => {
      if (!isAnchorGrade(scale, a.grade)) badGrades[`anchors.${i}.grade`] = `grade ${a.grade} is not on scale ${scale.id} (${describeGrades(scale.grades)})`;
    });
    if (Object.keys(badGrades).length > 0) throw new HuleEduError("VALIDATION_ERROR", "Invalid request body: grades must belong to the grade scale", { fields: badGrades });
    const anchors = body.anchors.map((a) => ({ anchorId: a.anchor_id ?? crypto.randomUUID(), grade: a.grade, text: a.text }));
    const ids = anchors.map((a) => a.anchorId);
    if (new Set(ids).size !== ids.length) throw new HuleEduError("VALIDATION_ERROR", "anchor_id values must be unique in a request");

    const key = { ownerUserId: userId, assignmentId: assignment_id };
    uow.run((tx) => {
      const existing = findAssignment(tx, key);
      if (existing && existing.gradeScale !== body.grade_scale) {
        throw new HuleEduError("CONFLICT", `Assignment ${assignment_id} already has anchors on scale ${existing.gradeScale}; anchors on ${body.grade_scale} cannot be added to it`, {
          grade_scale: existing.gradeScale, requested_grade_scale: body.grade_scale,
        });
      }
      const known = new Set(existing ? listAnchors(tx, key).map((a) => a.anchorId) : []);
      const total = known.size + ids.filter((id) => !known.has(id)).length;
      if (total > limits.maxAnchors) {
        throw new HuleEduError("CONFLICT", `Assignment ${assignment_id} would hold ${total} anchors; the limit is ${limits.maxAnchors}`, { max_anchors: limits.maxAnchors });
      }
      saveAnchors(tx, key, { gradeScale: body.grade_scale, anchors }, new Date().toISOString());
    });
    logger.info("anchors registered", { assignment_id, user_id: userId, anchors: anchors.length, correlation_id: c.var.correlationId });
    return c.json(anchorSet(key)!, 201);
  });

  app.get("/v1/assignments/:assignment_id/anchors", (c) => {
    const userId = callerId(c.req.header(USER_ID_HEADER));
    const { assignment_id } = readParams(c, AssignmentParamsSchema);
    const set = anchorSet({ ownerUserId: userId, assignmentId: assignment_id });
    if (!set) throw new HuleEduError("RESOURCE_NOT_FOUND", `No anchors for assignment ${assignment_id}`, { assignment_id });
    return c.json(set);
  });
}

function callerId(header: string | undefined): string {
  const id = header?.trim();
  if (!id) throw new HuleEduError("AUTHENTICATION_ERROR", `Missing ${USER_ID_HEADER} header`);
  if (id.length > 200) throw new HuleEduError("VALIDATION_ERROR", `${USER_ID_HEADER} is too long`);
  return id;
}

/** "F, E, D, C, B, A", or "0–60" for a long numeric range. */
function describeGrades(grades: readonly string[]): string {
  return grades.length > 12 ? `${grades[0]}–${grades[grades.length - 1]}` : grades.join(", ");
}
