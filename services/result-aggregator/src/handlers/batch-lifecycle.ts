import type { EventHandler } from "@shared/bus/consumer.ts";
import { BatchPipelineCompletedTopic, BatchStatusChangedTopic, PHASE_COMMAND_TOPICS, PipelineDeniedTopic } from "@shared/contracts/events/batch.ts";
import { recordDenial, recordPipelineCompleted, setBatchStatus, setCurrentPipeline } from "../db/batch-repository.ts";
import { startPhase } from "../db/phase-repository.ts";
import { batchEventHandler } from "./batch-event.ts";
import type { HandlerDeps } from "./deps.ts";

// BOS already notifies the teacher of these (status, phase started, denial, completion), so these
// handlers only keep the view and publish nothing.

export function batchStatusChangedHandler(deps: HandlerDeps): EventHandler {
  return batchEventHandler(deps, BatchStatusChangedTopic, (d, { tx, batch, at, now }) => {
    setBatchStatus(tx, batch, d.status, at, now);
    return [];
  });
}

/** A refused pipeline request: error code, compatibility issue and message go into the status view. */
export function pipelineDeniedHandler(deps: HandlerDeps): EventHandler {
  return batchEventHandler(deps, PipelineDeniedTopic, (d, { tx, batch, at, now, logger }) => {
    recordDenial(tx, batch, {
      requestedPipeline: d.requested_pipeline, errorCode: d.error_code, compatibilityIssue: d.compatibility_issue ?? null, message: d.message,
    }, at, now);
    logger.info("pipeline denial recorded", { requested_pipeline: d.requested_pipeline, error_code: d.error_code, compatibility_issue: d.compatibility_issue });
    return [];
  });
}

export function pipelineCompletedHandler(deps: HandlerDeps): EventHandler {
  return batchEventHandler(deps, BatchPipelineCompletedTopic, (d, { tx, batch, at, now }) => {
    recordPipelineCompleted(tx, batch, {
      pipeline: d.pipeline, finalStatus: d.final_status, completedPhases: d.completed_phases, failedEssayIds: d.failed_essay_ids,
    }, at, now);
    setBatchStatus(tx, batch, d.final_status, at, now);
    setCurrentPipeline(tx, batch, null, at, now);
    return [];
  });
}

/** BOS's phase commands to ELS mark when each phase of a pipeline started and over how many essays. */
export function phaseStartedHandlers(deps: HandlerDeps): EventHandler[] {
  return Object.values(PHASE_COMMAND_TOPICS).map((topic) =>
    batchEventHandler(deps, topic, (d, { tx, batch, at, now }) => {
      if (startPhase(tx, d.batch_id, { phase: d.phase, pipeline: d.pipeline, essayCount: d.essays.length }, at)) {
        setCurrentPipeline(tx, batch, d.pipeline, at, now);
      }
      return [];
    }),
  );
}
