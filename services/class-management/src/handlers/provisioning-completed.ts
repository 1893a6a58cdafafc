import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { BatchContentProvisioningCompletedTopic } from "@shared/contracts/events/els.ts";
import { NotificationType } from "@shared/contracts/notifications.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import type { NotificationDraft, TeacherNotifier } from "@shared/runtime/teacher-notifier.ts";
import { rosterOf } from "../db/class-repository.ts";
import { findMatching, recordRegularBatch, storeSuggestions } from "../db/matching-repository.ts";
import { MatchingStatus } from "../db/schema.ts";
import { suggestAuthors } from "../domain/author-matching.ts";
import { SERVICE_NAME } from "../service-name.ts";

export interface ProvisioningCompletedDeps {
  uow: UnitOfWork;
  notifier: TeacherNotifier;
  metrics: ServiceMetrics;
  confirmationTimeoutMs: number;
  autoAcceptConfidence: number;
}

/** Every essay of a REGULAR batch has content: match the header names to the roster and ask the teacher to confirm. */
export function provisioningCompletedHandler(deps: ProvisioningCompletedDeps): EventHandler {
  const suggested = deps.metrics.counter("author_suggestions_total", "Essay author suggestions by outcome", ["outcome"]);
  return on(BatchContentProvisioningCompletedTopic, async (envelope, ctx) => {
    const d = envelope.data;
    const outcome = deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx): NotificationDraft | undefined => {
      // The event names the batch's class itself, so it does not matter whether the registration (another
      // stream) was handled first: a REGULAR batch is remembered here too (the registration then finds it known).
      if (d.class_id && d.user_id) recordRegularBatch(tx, { batchId: d.batch_id, classId: d.class_id, userId: d.user_id });
      const batch = findMatching(tx, d.batch_id);
      if (!batch && d.class_id === undefined) ctx.logger.warn("provisioning completed without class_id (older producer) for a batch not registered here; treated as GUEST");
      if (!batch || batch.status !== MatchingStatus.AWAITING_CONTENT) return undefined; // GUEST, or already matched
      const roster = rosterOf(tx, batch.classId);
      const suggestions = suggestAuthors(
        d.essays.map((e) => ({ essayId: e.essay_id, name: e.student_name ?? null, email: e.student_email ?? null })),
        roster.map((s) => ({ studentId: s.studentId, firstName: s.firstName, lastName: s.lastName, email: s.email })),
      );
      const byEssay = new Map(suggestions.map((s) => [s.essayId, s]));
      storeSuggestions(tx, batch.batchId, d.essays.map((e) => {
        const s = byEssay.get(e.essay_id);
        return {
          essayId: e.essay_id, originalFileName: e.original_file_name, parsedName: e.student_name ?? null, parsedEmail: e.student_email ?? null,
          suggestedStudentId: s?.studentId ?? null, confidence: s?.confidence ?? 0, matchReason: s?.reason ?? null,
        };
      }), Date.now() + deps.confirmationTimeoutMs);
      const confident = suggestions.filter((s) => s.studentId && s.confidence >= deps.autoAcceptConfidence).length;
      const unmatched = suggestions.filter((s) => !s.studentId).length;
      suggested.inc({ outcome: "confident" }, confident);
      suggested.inc({ outcome: "uncertain" }, suggestions.length - confident - unmatched);
      suggested.inc({ outcome: "unmatched" }, unmatched);
      ctx.logger.info("author suggestions ready; awaiting the teacher's confirmation", { class_id: batch.classId, essays: suggestions.length, confident, unmatched });
      return {
        type: NotificationType.STUDENT_MATCHING_CONFIRMATION_REQUIRED, user_id: batch.userId, batch_id: batch.batchId, correlation_id: envelope.correlation_id,
        data: { class_id: batch.classId, essays: suggestions.length, confident, unmatched, confirm_by: new Date(Date.now() + deps.confirmationTimeoutMs).toISOString() },
      };
    });
    if (outcome.applied && outcome.result) await deps.notifier.publish([outcome.result]);
  });
}
