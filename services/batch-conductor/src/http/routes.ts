import type { Hono } from "hono";
import type { Counter } from "prom-client";
import type { DlqWriter } from "@shared/bus/dlq-writer.ts";
import { BCSPipelineDefinitionRequestSchema, type BCSPipelineDefinitionResponse } from "@shared/contracts/bcs.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { PipelineResolutionRequestTopic } from "@shared/contracts/events/bcs.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { PhaseProjection } from "../db/phase-projection.ts";
import type { PipelineDefinitions } from "../domain/pipeline-definitions.ts";
import { resolvePipeline } from "../domain/resolve-pipeline.ts";

export interface PipelineRoutesDeps {
  definitions: PipelineDefinitions;
  projection: PhaseProjection;
  writeDlq: DlqWriter;
  logger: Logger;
  resolutions: Counter<string>;
  promptBlocked: Counter<string>;
}

export function registerPipelineRoutes(app: Hono<AppEnv>, deps: PipelineRoutesDeps): void {
  app.post("/internal/v1/pipelines/define", async (c) => {
    const request = await readJson(c, BCSPipelineDefinitionRequestSchema);
    const log = deps.logger.child({ batch_id: request.batch_id, correlation_id: request.correlation_id, requested_pipeline: request.requested_pipeline });
    try {
      const completed = await deps.projection.completedPhases(request.batch_id);
      const resolution = resolvePipeline(deps.definitions, {
        requestedPipeline: request.requested_pipeline,
        completedPhases: completed,
        promptAttached: request.batch_metadata.prompt_attached === true,
      });
      deps.resolutions.inc({ status: "success" });
      log.info("pipeline resolved", { final_pipeline: resolution.toRun.map((s) => s.phase), pruned_phases: resolution.pruned });
      const body: BCSPipelineDefinitionResponse = {
        batch_id: request.batch_id,
        requested_pipeline: resolution.pipeline,
        final_pipeline: resolution.toRun.map((s) => s.phase),
        phases: resolution.toRun.map((s) => ({ phase: s.phase, command_topic: s.commandTopic, depends_on: s.dependsOn })),
        pruned_phases: resolution.pruned,
        correlation_id: request.correlation_id,
      };
      return c.json(body);
    } catch (err) {
      const error = err instanceof HuleEduError ? err : new HuleEduError("PIPELINE_DEPENDENCY_RESOLUTION_FAILED", "Pipeline resolution failed", { cause: String(err) });
      const issue = typeof error.details.compatibility_issue === "string" ? error.details.compatibility_issue : undefined;
      deps.resolutions.inc({ status: issue ?? error.code.toLowerCase() });
      if (issue === "prompt_not_attached") deps.promptBlocked.inc({ pipeline_name: request.requested_pipeline });
      log.warn("pipeline resolution refused", { error_code: error.code, compatibility_issue: issue, message: error.message });
      // Bounded: a hung or failing DLQ is logged by the writer and never replaces this error.
      await deps.writeDlq({
        topic: PipelineResolutionRequestTopic.name, reason: issue ?? error.code, error: error.message,
        originalId: request.correlation_id, deliveryCount: 1, envelope: JSON.stringify(request), correlationId: request.correlation_id,
      });
      throw new HuleEduError(error.code, error.message, error.details, request.correlation_id);
    }
  });
}
