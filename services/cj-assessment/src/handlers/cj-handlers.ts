import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { CJAssessmentRequestedTopic } from "@shared/contracts/events/els.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import { LlmComparisonCompletedTopic, type LlmComparisonResult } from "@shared/contracts/events/llm.ts";
import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { ContentClient } from "@shared/http/content-client.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import { SERVICE_NAME } from "../config.ts";
import { findBatch } from "../db/batch-store.ts";
import { resultStatements } from "../db/result-statements.ts";
import type { AdvanceOutcome } from "./advance-batch.ts";
import { prepareBatch, type PrepareDeps } from "./prepare-batch.ts";
import { recordComparisonResult } from "./record-comparison-result.ts";
import { startBatch } from "./start-batch.ts";
import { pipelineCancelledHandler, requestPredatesCancellation } from "./cancel-batch.ts";
import { essaySetChangedHandlers } from "./essay-set-changed.ts";
import type { WorkflowSettings } from "./workflow.ts";

export interface CjHandlerDeps {
  db: Db;
  uow: UnitOfWork;
  content: ContentClient;
  metrics: ServiceMetrics;
  settings: WorkflowSettings;
  defaultBudget: PrepareDeps["defaultBudget"];
  defaultSeed: number;
}

/** The events cj-assessment consumes (requests, LLM results, cancellations, changed essays); each applies in one `runOnce` unit of work. */
export function cjAssessmentHandlers(deps: CjHandlerDeps): EventHandler[] {
  const { uow, metrics, settings } = deps;
  const results = metrics.counter("cj_comparison_results_total", "Comparison results by what they did", ["kind"]);
  const finished = metrics.counter("cj_batches_finished_total", "Batches finalised, by state and finish reason", ["state", "reason"]);
  const rounds = metrics.counter("cj_rounds_issued_total", "Comparison rounds issued");
  const observe = (next: AdvanceOutcome | undefined) => {
    if (next?.kind === "finished") finished.inc({ state: next.result.status, reason: next.result.reason ?? "none" });
    if (next?.kind === "next_round") rounds.inc();
  };

  const resultLog = (result: LlmComparisonResult, logger: Logger) =>
    result.metadata.batch_id ? logger.child({ batch_id: result.metadata.batch_id, request_id: result.request_id }) : logger;
  const applyResult = (envelope: EventEnvelope<LlmComparisonResult>, log: Logger) =>
    uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) => recordComparisonResult({ tx, emit, now: new Date(), log, settings }, envelope.data, resultStatements(deps.db)));
  const report = (outcome: ReturnType<typeof applyResult>, log: Logger) => {
    if (!outcome.applied) {
      results.inc({ kind: "redelivered" });
      return;
    }
    results.inc({ kind: outcome.result.kind });
    if (outcome.result.kind === "unknown" || outcome.result.kind === "duplicate" || outcome.result.kind === "late") {
      log.info("comparison result changes nothing", { kind: outcome.result.kind });
    }
    observe(outcome.result.next);
  };

  return [
    on(CJAssessmentRequestedTopic, async (envelope, ctx) => {
      const data = envelope.data;
      if (requestPredatesCancellation(deps.db, data.batch_id, envelope.event_timestamp)) {
        uow.runOnce(SERVICE_NAME, envelope.event_id, () => undefined);
        ctx.logger.info("CJ request of a cancelled pipeline; ignored");
        return;
      }
      if (findBatch(deps.db, data.batch_id)) {
        uow.runOnce(SERVICE_NAME, envelope.event_id, () => undefined);
        ctx.logger.warn("CJ batch already known; request ignored");
        return;
      }
      const prepared = await prepareBatch(data, envelope.correlation_id, {
        db: deps.db, content: deps.content, log: ctx.logger, defaultBudget: deps.defaultBudget, defaultSeed: deps.defaultSeed,
        lastDelivery: ctx.lastDelivery,
      });
      const outcome = uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) =>
        startBatch({ tx, emit, now: new Date(), log: ctx.logger, settings }, prepared));
      if (!outcome.applied) return;
      if (outcome.result.kind === "duplicate") ctx.logger.warn("CJ batch already known; request ignored", { state: outcome.result.state });
      else observe(outcome.result.next);
    }),
    pipelineCancelledHandler(uow),
    ...essaySetChangedHandlers(uow),
    on(
      LlmComparisonCompletedTopic,
      async (envelope, ctx) => {
        if (envelope.data.metadata.requester !== SERVICE_NAME) return;
        const log = resultLog(envelope.data, ctx.logger);
        report(applyResult(envelope, log), log);
      },
      // A read's results in one transaction (each still applied once, by its event id): a
      // round's results arrive together, and a commit per result was most of their cost.
      async (items) => {
        const mine = items.filter((i) => i.envelope.data.metadata.requester === SERVICE_NAME).map((i) => ({ ...i, log: resultLog(i.envelope.data, i.ctx.logger) }));
        const outcomes = uow.batch(() => mine.map((i) => i.inTrace(() => applyResult(i.envelope, i.log))));
        outcomes.forEach((outcome, n) => report(outcome, mine[n]!.log));
      },
    ),
  ];
}
