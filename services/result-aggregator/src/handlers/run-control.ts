import type { EventHandler } from "@shared/bus/consumer.ts";
import { BatchRenamedTopic, PipelineCancelledTopic } from "@shared/contracts/events/pipeline-control.ts";
import { recordBatchName, recordCancellation } from "../db/run-control-repository.ts";
import { batchEventHandler } from "./batch-event.ts";
import type { HandlerDeps } from "./deps.ts";

// BOS notifies the teacher of both; these handlers only keep the view.

export function batchRenamedHandler(deps: HandlerDeps): EventHandler {
  return batchEventHandler(deps, BatchRenamedTopic, (d, { tx, batch, at, now }) => {
    recordBatchName(tx, batch, d.name, at, now);
    return [];
  });
}

export function pipelineCancelledHandler(deps: HandlerDeps): EventHandler {
  return batchEventHandler(deps, PipelineCancelledTopic, (d, { tx, batch, at, now, logger }) => {
    if (recordCancellation(tx, batch, { pipeline: d.pipeline, runId: d.run_id, cancelledPhases: d.cancelled_phases, skippedPhases: d.skipped_phases }, at, now)) {
      logger.info("pipeline cancellation recorded", { run_id: d.run_id, pipeline: d.pipeline, cancelled_phases: d.cancelled_phases });
    }
    return [];
  });
}
