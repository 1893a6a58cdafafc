import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { BatchPipelineCompletedTopic } from "@shared/contracts/events/batch.ts";
import { BatchRetentionNoticeTopic } from "@shared/contracts/events/lifecycle.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import { requestMail } from "../auth/mail-requests.ts";
import { mailRecipientOf } from "../db/account-repository.ts";
import { decideResultsMail, decideRetentionMail, type BatchMailDecision, type MailRecipient } from "../domain/batch-mails.ts";
import { SERVICE_NAME } from "../service-name.ts";

export interface BatchMailDeps {
  uow: UnitOfWork;
  appUrl: string;
  metrics: ServiceMetrics;
}

/**
 * BOS's pipeline completions and retention notices become mails to the batch owner. One
 * transaction per event: the decision, the outbox row (with its dedupe key) and the processed mark.
 */
export function batchMailHandlers(deps: BatchMailDeps): EventHandler[] {
  const decided = deps.metrics.counter("batch_mails_total", "Batch mails asked for or skipped, by template and outcome", ["template", "outcome"]);

  /** "queued", "already_sent" (dedupe key used) or the skip reason; not applied for a redelivered event. */
  function settle(eventId: string, correlationId: string, userId: string, decide: (recipient: MailRecipient | undefined) => BatchMailDecision) {
    return deps.uow.runOnce(SERVICE_NAME, eventId, (tx, emit): string => {
      const decision = decide(mailRecipientOf(tx, userId));
      if (decision.kind === "skip") return decision.reason;
      return requestMail(emit, { ...decision.mail, correlationId }) ? "queued" : "already_sent";
    });
  }

  return [
    on(BatchPipelineCompletedTopic, async (envelope, ctx) => {
      const run = envelope.data;
      const settled = settle(envelope.event_id, envelope.correlation_id, run.user_id, (r) => decideResultsMail(r, run, deps.appUrl));
      if (!settled.applied) return;
      decided.inc({ template: "batch_results_ready", outcome: settled.result });
      ctx.logger.info("results mail decided", { user_id: run.user_id, batch_id: run.batch_id, pipeline: run.pipeline, final_status: run.final_status, outcome: settled.result });
    }),
    on(BatchRetentionNoticeTopic, async (envelope, ctx) => {
      const notice = envelope.data;
      const settled = settle(envelope.event_id, envelope.correlation_id, notice.user_id, (r) => decideRetentionMail(r, notice, deps.appUrl));
      if (!settled.applied) return;
      decided.inc({ template: "retention_notice", outcome: settled.result });
      ctx.logger.info("retention mail decided", { user_id: notice.user_id, batch_id: notice.batch_id, erase_after: notice.erase_after, outcome: settled.result });
    }),
  ];
}
