import type { Hono } from "hono";
import type * as v from "valibot";
import type { RosterNamesSchema } from "@shared/contracts/classes.ts";
import type { Db } from "@shared/db/database.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readParams } from "@shared/http/validate.ts";
import { ownedClass, rosterOf } from "../db/class-repository.ts";
import { findMatching } from "../db/matching-repository.ts";
import { BatchParamsSchema, USER } from "./class-routes.ts";

/**
 * The names on a batch's class roster, for the spellchecker. A batch without a class, an unknown
 * batch and another teacher's batch all answer 200 with no names: the caller cannot tell them apart,
 * and a spellchecker without names still does its job.
 */
export function registerRosterRoutes(app: Hono<AppEnv>, deps: { db: Db }): void {
  const { db } = deps;
  app.get(`${USER}/batches/:batch_id/roster-names`, (c) => {
    const { user_id, batch_id } = readParams(c, BatchParamsSchema);
    const body: v.InferOutput<typeof RosterNamesSchema> = { batch_id, names: rosterNamesOf(db, user_id, batch_id) };
    return c.json(body);
  });
}

function rosterNamesOf(db: Db, userId: string, batchId: string): string[] {
  const batch = findMatching(db, batchId);
  // The class must be the teacher's own too: a batch registered with someone else's class id gets nothing.
  if (!batch || batch.userId !== userId || !ownedClass(db, userId, batch.classId)) return [];
  const names = new Set<string>();
  for (const student of rosterOf(db, batch.classId)) {
    names.add(student.firstName);
    names.add(student.lastName);
  }
  return [...names];
}
