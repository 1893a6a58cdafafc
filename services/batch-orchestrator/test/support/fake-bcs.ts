import * as v from "valibot";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { BCSPipelineDefinitionRequestSchema, type BCSPipelineDefinitionRequest, type BCSPipelineDefinitionResponse } from "@shared/contracts/bcs.ts";
import { PHASE_COMMAND_TOPICS } from "@shared/contracts/events/batch.ts";
import type { PhaseName, PipelineName } from "@shared/contracts/enums.ts";

/** Pipelines as the real BCS's pipelines.yaml resolves them (phase order = dependency order). */
const PIPELINES: Record<PipelineName, PhaseName[]> = {
  spellcheck: ["spellcheck"],
  nlp: ["spellcheck", "nlp"],
  cj_assessment: ["spellcheck", "cj_assessment"],
  ai_feedback: ["spellcheck", "nlp", "ai_feedback"],
  comprehensive: ["spellcheck", "nlp", "cj_assessment", "ai_feedback"],
};
const NEEDS_PROMPT: ReadonlySet<PhaseName> = new Set(["nlp", "cj_assessment", "ai_feedback"]);

export interface FakeBcs {
  url: string;
  requests: BCSPipelineDefinitionRequest[];
  /** Phases BCS should prune for a batch (as its phase projection would). */
  completed: Map<string, PhaseName[]>;
  /** Answer the next `n` requests with this status (e.g. 503) before behaving again. */
  failNext(n: number, status: number): void;
  onRequest?: (request: BCSPipelineDefinitionRequest) => void;
  stop(): Promise<void>;
}

/**
 * A stand-in for the batch conductor speaking its HTTP contract: internal key, request schema,
 * prompt gating (`prompt_not_attached`), pruning, HuleEduError bodies.
 */
export function startFakeBcs(internalKey: string): FakeBcs {
  const requests: BCSPipelineDefinitionRequest[] = [];
  const completed = new Map<string, PhaseName[]>();
  let failures: { left: number; status: number } = { left: 0, status: 503 };
  const fake: FakeBcs = {
    url: "", requests, completed,
    failNext: (n, status) => { failures = { left: n, status }; },
    stop: async () => undefined,
  };
  const app = new Hono();
  app.post("/internal/v1/pipelines/define", async (c) => {
    if (c.req.header("X-Internal-API-Key") !== internalKey) {
      return c.json({ error_code: "AUTHENTICATION_ERROR", message: "bad key", service: "batch-conductor" }, 401);
    }
    const parsed = v.safeParse(BCSPipelineDefinitionRequestSchema, await c.req.json());
    if (!parsed.success) return c.json({ error_code: "VALIDATION_ERROR", message: "bad request", service: "batch-conductor" }, 400);
    const request = parsed.output;
    requests.push(request);
    fake.onRequest?.(request);
    if (failures.left > 0) {
      failures.left--;
      return c.json({ error_code: "INTERNAL_ERROR", message: "temporarily broken", service: "batch-conductor" }, failures.status as ContentfulStatusCode);
    }
    const phases = PIPELINES[request.requested_pipeline as PipelineName];
    if (!phases) {
      return c.json({ error_code: "PIPELINE_DEPENDENCY_RESOLUTION_FAILED", message: "unknown pipeline", service: "batch-conductor" }, 422);
    }
    if (phases.some((p) => NEEDS_PROMPT.has(p)) && request.batch_metadata.prompt_attached !== true) {
      return c.json({
        error_code: "BCS_PIPELINE_COMPATIBILITY_FAILED",
        message: `Pipeline ${request.requested_pipeline} needs a student prompt`,
        details: { compatibility_issue: "prompt_not_attached", requested_pipeline: request.requested_pipeline },
        correlation_id: request.correlation_id, service: "batch-conductor",
      }, 422);
    }
    const done = new Set(completed.get(request.batch_id) ?? []);
    const final = phases.filter((p) => !done.has(p));
    const body: BCSPipelineDefinitionResponse = {
      batch_id: request.batch_id, requested_pipeline: request.requested_pipeline as PipelineName,
      final_pipeline: final,
      phases: final.map((phase) => ({ phase, command_topic: PHASE_COMMAND_TOPICS[phase].name, depends_on: phases.slice(0, phases.indexOf(phase)).filter((p) => !done.has(p)) })),
      pruned_phases: phases.filter((p) => done.has(p)),
      correlation_id: request.correlation_id,
    };
    return c.json(body);
  });
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch });
  fake.url = `http://127.0.0.1:${server.port}`;
  fake.stop = async () => { await server.stop(true); };
  return fake;
}
