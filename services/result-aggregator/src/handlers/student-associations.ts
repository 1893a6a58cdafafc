import type { EventHandler } from "@shared/bus/consumer.ts";
import { StudentAssociationsConfirmedTopic } from "@shared/contracts/events/classes.ts";
import { upsertEssay } from "../db/essay-repository.ts";
import { batchEventHandler } from "./batch-event.ts";
import type { HandlerDeps } from "./deps.ts";

/** A REGULAR batch's authors are confirmed: each essay shows its roster student instead of the header's guess. */
export function studentAssociationsHandler(deps: HandlerDeps): EventHandler {
  return batchEventHandler(deps, StudentAssociationsConfirmedTopic, (d, { tx, now }) => {
    for (const a of d.associations) {
      if (!a.student_id || !a.first_name || !a.last_name) continue; // unassigned: the header's name stays
      upsertEssay(tx, d.batch_id, a.essay_id, { studentName: `${a.first_name} ${a.last_name}`, ...(a.email ? { studentEmail: a.email } : {}) }, now);
    }
    return [];
  });
}
