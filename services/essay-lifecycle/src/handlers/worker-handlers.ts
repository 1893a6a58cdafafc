import { BatchEssaysRegisteredTopic, PHASE_COMMAND_TOPICS } from "@shared/contracts/events/batch.ts";
import { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import { EssayContentProvisionedTopic, EssayValidationFailedTopic } from "@shared/contracts/events/file.ts";
import { EssayAIFeedbackCompletedTopic, EssayNlpCompletedTopic, EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { PhaseName } from "@shared/contracts/enums.ts";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import type { Redis } from "@shared/bus/redis.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import { SERVICE_NAME } from "../config.ts";
import type { PhaseTimeouts } from "../domain/phase-deadline.ts";
import { aiFeedbackRefs, nlpRefs, spellcheckRefs } from "../domain/result-refs.ts";
import { deadLetterHandlers } from "./dead-letter-handlers.ts";
import { phaseRunMetrics } from "./phase-metrics.ts";
import { provisionContent } from "./provision-content.ts";
import { recordCJResult, recordEssayResult, type ResultOutcome } from "./record-phase-result.ts";
import { recordFailedFile } from "./record-validation-failure.ts";
import { registerBatch } from "./register-batch.ts";
import { startPhaseRun } from "./start-phase-run.ts";
import { pipelineCancelledHandler, predatesCancellation } from "./cancel-phase-runs.ts";

export interface WorkerHandlerDeps {
  uow: UnitOfWork;
  metrics: ServiceMetrics;
  timeouts: PhaseTimeouts;
  /** Reads the reason of a dead-lettered request off its DLQ entry. */
  redis: Redis;
}

/**
 * Every event the ELS worker consumes, including the DLQs of the requests it sends. Each handler is
 * one `runOnce` unit of work: its effects, the events it emits (outbox) and the processed mark
 * commit together, or not at all.
 */
export function essayLifecycleHandlers({ uow, metrics, timeouts, redis }: WorkerHandlerDeps): EventHandler[] {
  const contentOutcomes = metrics.counter("els_content_outcomes_total", "Provisioned content by what became of it", ["outcome"]);
  const provisioned = metrics.counter("els_batches_provisioned_total", "Batches whose content provisioning completed");
  const runs = phaseRunMetrics(metrics);
  const countedResult = (outcome: { applied: true; result: ResultOutcome } | { applied: false }) => {
    if (outcome.applied && outcome.result.counted) runs.closed(outcome.result.closed);
  };

  const phaseCommandHandlers = Object.values(PhaseName).map((phase) =>
    on(PHASE_COMMAND_TOPICS[phase], async (envelope, ctx) => {
      const outcome = uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) => {
        if (predatesCancellation(tx, envelope.data.batch_id, envelope.event_timestamp)) {
          ctx.logger.info("phase command of a cancelled pipeline; ignored", { phase });
          return { kind: "skipped" as const };
        }
        return startPhaseRun(tx, emit, phase, envelope.data, envelope.event_id, envelope.correlation_id, timeouts, ctx.logger);
      });
      if (outcome.applied && outcome.result.kind === "started") runs.closed(outcome.result.closed);
    }),
  );

  return [
    on(BatchEssaysRegisteredTopic, async (envelope, ctx) => {
      const outcome = uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) =>
        registerBatch(tx, emit, envelope.data, envelope.correlation_id, ctx.logger));
      if (!outcome.applied) return;
      for (const r of outcome.result.applied) contentOutcomes.inc({ outcome: r.kind });
      if (outcome.result.batchCompleted) provisioned.inc();
    }),
    on(EssayContentProvisionedTopic, async (envelope, ctx) => {
      const outcome = uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) =>
        provisionContent(tx, emit, envelope.data, envelope.correlation_id, ctx.logger));
      if (!outcome.applied) return;
      contentOutcomes.inc({ outcome: outcome.result.kind });
      if (outcome.result.kind === "assigned" && outcome.result.batchCompleted) provisioned.inc();
    }),
    on(EssayValidationFailedTopic, async (envelope, ctx) => {
      uow.runOnce(SERVICE_NAME, envelope.event_id, (tx) => recordFailedFile(tx, envelope.data, ctx.logger));
    }),
    ...phaseCommandHandlers,
    on(EssaySpellcheckCompletedTopic, async (envelope, ctx) => {
      const d = envelope.data;
      countedResult(uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) =>
        recordEssayResult(tx, emit, {
          phase: PhaseName.SPELLCHECK, batchId: d.batch_id, essayId: d.essay_id, succeeded: d.status === "success",
          resultTextStorageId: d.corrected_text_storage_id ?? null, resultRefs: spellcheckRefs(d), failureReason: d.error?.code ?? null,
        }, envelope.correlation_id, ctx.logger, envelope.event_timestamp)));
    }),
    on(EssayNlpCompletedTopic, async (envelope, ctx) => {
      const d = envelope.data;
      countedResult(uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) =>
        recordEssayResult(tx, emit, {
          phase: PhaseName.NLP, batchId: d.batch_id, essayId: d.essay_id, succeeded: d.status === "success", resultRefs: nlpRefs(d),
          failureReason: d.error?.code ?? null,
        }, envelope.correlation_id, ctx.logger, envelope.event_timestamp)));
    }),
    on(EssayAIFeedbackCompletedTopic, async (envelope, ctx) => {
      const d = envelope.data;
      countedResult(uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) =>
        recordEssayResult(tx, emit, {
          phase: PhaseName.AI_FEEDBACK, batchId: d.batch_id, essayId: d.essay_id, succeeded: d.status === "success", resultRefs: aiFeedbackRefs(d),
          failureReason: d.error?.code ?? null,
        }, envelope.correlation_id, ctx.logger, envelope.event_timestamp)));
    }),
    on(CJAssessmentCompletedTopic, async (envelope, ctx) => {
      countedResult(uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) =>
        recordCJResult(tx, emit, envelope.data, envelope.correlation_id, ctx.logger, envelope.event_timestamp)));
    }),
    ...deadLetterHandlers({ uow, runs, redis }),
    pipelineCancelledHandler(uow),
  ];
}
