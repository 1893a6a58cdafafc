import { BatchStatus, PhaseStatus } from "@shared/contracts/enums.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import { ClientBatchPipelineRequestTopic, PipelineDeniedTopic } from "@shared/contracts/events/batch.ts";
import type { BCSPipelineDefinitionResponse } from "@shared/contracts/bcs.ts";
import { on, type EventHandler, type HandlerContext } from "@shared/bus/consumer.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import { essayCounts, findBatch, provisionedEssays, setStudentPromptRef, type BatchRecord } from "../db/batch-repository.ts";
import { insertRun, findRun } from "../db/pipeline-repository.ts";
import { alreadyProcessed } from "../db/processed-events.ts";
import { estimateCreditNeeds, insufficientCredits, type CreditAnswer } from "../domain/credit-estimate.ts";
import { denyPipelineStart, unknownBatchDenial, type PipelineDenial } from "../domain/pipeline-admission.ts";
import { resolvePromptSource, type PromptResolution } from "../domain/prompt-source.ts";
import { changeBatchStatus, dispatchPhase, finishPipeline, newStep, type Step } from "./pipeline-steps.ts";
import { SERVICE_NAME } from "../service-name.ts";
import type { HandlerDeps } from "./deps.ts";

type Request = EventEnvelope<TopicData<typeof ClientBatchPipelineRequestTopic>>;
type Outcome = "accepted" | "denied";

/** Deny inside the step: the event, and a notification for the teacher who asked. */
function deny(step: Step, request: Request, denial: PipelineDenial): Outcome {
  const { batch_id, requested_pipeline, user_id } = request.data;
  step.emit(PipelineDeniedTopic, {
    data: { batch_id, requested_pipeline, user_id, ...denial },
    source: SERVICE_NAME, correlationId: step.correlationId, metadata: { user_id, batch_id },
  });
  step.notifications.push({
    type: "pipeline_denied", user_id, batch_id, correlation_id: step.correlationId,
    data: { requested_pipeline, ...denial },
  });
  return "denied";
}

function admission(batch: BatchRecord | undefined, request: Request, countProvisioned: (b: BatchRecord) => number): PipelineDenial | null {
  if (!batch || batch.userId !== request.data.user_id) return unknownBatchDenial(request.data.batch_id);
  return denyPipelineStart({ status: batch.status, activeRunId: batch.activeRunId, provisionedCount: countProvisioned(batch) });
}

/** Record the resolved run, start its first phase (or finish at once when BCS pruned everything). */
function startRun(step: Step, batch: BatchRecord, request: Request, prompt: PromptResolution, definition: BCSPipelineDefinitionResponse): Outcome {
  if (prompt.replacement_ref) setStudentPromptRef(step.tx, batch.batchId, prompt.replacement_ref);
  const runId = crypto.randomUUID();
  const dependsOn = new Map(definition.phases.map((p) => [p.phase, p.depends_on]));
  insertRun(step.tx, {
    runId, batchId: batch.batchId, pipeline: request.data.requested_pipeline, status: PhaseStatus.IN_PROGRESS,
    promptSource: prompt.prompt_source, assignmentId: prompt.assignment_id, prunedPhases: definition.pruned_phases,
    correlationId: request.correlation_id, requestedAt: new Date().toISOString(),
  }, definition.final_pipeline.map((phase) => ({ phase, status: PhaseStatus.PENDING, dependsOn: dependsOn.get(phase) ?? [] })));
  const run = findRun(step.tx, runId);
  const current = findBatch(step.tx, batch.batchId); // carries the replaced prompt reference
  if (!run || !current) throw new Error(`run ${runId} was not stored`);
  changeBatchStatus(step, current, BatchStatus.PROCESSING_PIPELINES, runId, { pipeline: run.pipeline });
  const first = definition.final_pipeline[0];
  if (first === undefined) finishPipeline(step, run, "COMPLETED_SUCCESSFULLY");
  else dispatchPhase(step, current, run, first, provisionedEssays(step.tx, batch.batchId));
  return "accepted";
}

/**
 * Ask entitlements whether the paying account can afford what the pipeline will spend. Null when
 * it can (or the pipeline spends nothing, or checks are off); a denial when it cannot or, on the
 * last delivery, when entitlements cannot answer. Throws while redeliveries are left, so an
 * outage is retried like a BCS outage.
 */
async function creditDenial(deps: HandlerDeps, batch: BatchRecord, request: Request, ctx: HandlerContext): Promise<PipelineDenial | null> {
  if (!deps.entitlements) return null;
  const { requested_pipeline, user_id } = request.data;
  const essays = essayCounts(deps.db, batch).provisioned;
  const needs = estimateCreditNeeds(requested_pipeline, essays, { totalBudget: batch.cjSettings?.total_budget, comparisonsPerItem: deps.cjComparisonsPerItem });
  const answers: CreditAnswer[] = [];
  for (const need of needs) {
    const result = await deps.entitlements.check({ user_id, org_id: batch.orgId, ...need }, request.correlation_id);
    if (!result.ok) {
      if (result.kind === "unavailable" && !ctx.lastDelivery) throw result.error;
      ctx.logger.warn("credits could not be checked", { batch_id: batch.batchId, error: result.error.message, delivery_count: ctx.deliveryCount });
      return { error_code: "EXTERNAL_SERVICE_ERROR", compatibility_issue: null, message: `Credits could not be checked: ${result.error.message}` };
    }
    answers.push({ need, ...result.answer });
  }
  const denial = insufficientCredits(requested_pipeline, essays, answers);
  if (needs.length > 0) {
    ctx.logger.info("credits checked", {
      batch_id: batch.batchId, requested_pipeline, user_id, org_id: batch.orgId, essays, needs,
      required: answers.reduce((sum, a) => sum + a.required, 0), balance: answers[0]?.balance, allowed: denial === null,
    });
  }
  return denial;
}

/**
 * A teacher's pipeline request: check the batch, resolve the prompt, check credits and ask BCS
 * (outside the transaction), then start the first phase or deny — exactly once per request event.
 */
export function pipelineRequestHandler(deps: HandlerDeps): EventHandler {
  const { uow, db, notifier, bcs } = deps;
  const requests = deps.metrics.counter("pipeline_requests_total", "Pipeline requests by outcome", ["pipeline", "outcome"]);
  const provisioned = (b: BatchRecord) => essayCounts(db, b).provisioned;

  async function settle(request: Request, work: (step: Step) => Outcome): Promise<Outcome | null> {
    const result = uow.runOnce(SERVICE_NAME, request.event_id, (tx, emit) => {
      const step = newStep(tx, emit, request.correlation_id);
      return { outcome: work(step), notifications: step.notifications };
    });
    if (!result.applied) return null;
    requests.inc({ pipeline: request.data.requested_pipeline, outcome: result.result.outcome });
    await notifier.publish(result.result.notifications);
    return result.result.outcome;
  }

  return on(ClientBatchPipelineRequestTopic, async (request, ctx: HandlerContext) => {
    const { batch_id, requested_pipeline, prompt_payload } = request.data;
    if (alreadyProcessed(db, SERVICE_NAME, request.event_id)) {
      ctx.logger.info("pipeline request already handled; ignored", { batch_id });
      return;
    }
    const batch = findBatch(db, batch_id);
    const early = admission(batch, request, provisioned);
    if (early || !batch) {
      ctx.logger.warn("pipeline request denied", { batch_id, requested_pipeline, ...early });
      await settle(request, (step) => deny(step, request, early ?? unknownBatchDenial(batch_id)));
      return;
    }
    const prompt = resolvePromptSource(prompt_payload, batch.studentPromptRef);
    ctx.logger.info("pipeline request prompt resolved", {
      batch_id, requested_pipeline, correlation_id: request.correlation_id,
      prompt_attached: prompt.prompt_attached, prompt_source: prompt.prompt_source, assignment_id: prompt.assignment_id,
    });
    const unaffordable = await creditDenial(deps, batch, request, ctx);
    if (unaffordable) {
      ctx.logger.warn("pipeline request denied", { batch_id, requested_pipeline, ...unaffordable });
      await settle(request, (step) => deny(step, request, unaffordable));
      return;
    }
    const resolved = await bcs.definePipeline({
      batch_id, requested_pipeline, correlation_id: request.correlation_id,
      batch_metadata: {
        prompt_attached: prompt.prompt_attached, course_code: batch.courseCode,
        ...(prompt.prompt_source ? { prompt_source: prompt.prompt_source } : {}),
        ...(prompt.assignment_id ? { assignment_id: prompt.assignment_id } : {}),
      },
    });
    if (!resolved.ok) {
      if (resolved.kind === "unavailable" && !ctx.lastDelivery) {
        throw resolved.error; // stays pending; the consumer retries it
      }
      const { code, message, details } = resolved.error;
      const issue = typeof details.compatibility_issue === "string" ? details.compatibility_issue : null;
      ctx.logger.warn("pipeline refused by batch conductor", { batch_id, requested_pipeline, error_code: code, compatibility_issue: issue });
      await settle(request, (step) => deny(step, request, { error_code: code, compatibility_issue: issue, message }));
      return;
    }
    const definition = resolved.definition;
    const outcome = await settle(request, (step) => {
      // Re-check inside the transaction: another request may have started a run during the BCS call.
      const current = findBatch(step.tx, batch_id);
      const late = admission(current, request, (b) => essayCounts(step.tx, b).provisioned);
      if (late || !current) return deny(step, request, late ?? unknownBatchDenial(batch_id));
      return startRun(step, current, request, prompt, definition);
    });
    if (outcome === "accepted") {
      ctx.logger.info("pipeline started", { batch_id, requested_pipeline, phases: definition.final_pipeline, pruned_phases: definition.pruned_phases });
    } else if (outcome === "denied") {
      ctx.logger.warn("pipeline request denied after resolution: the batch changed meanwhile", { batch_id, requested_pipeline });
    }
  });
}
