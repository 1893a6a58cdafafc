import type { Hono } from "hono";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { LlmComparisonRequestSchema } from "@shared/contracts/events/llm.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson, readParams } from "@shared/http/validate.ts";
import type { RequestRepository, RequestRow } from "../db/request-repository.ts";
import { RequestKind } from "../db/request-states.ts";
import { CallbackTopicError, type IntakeDeps, submitRequest } from "../handlers/intake.ts";
import { RequestIdParamsSchema, type RequestState } from "./schemas.ts";

export interface LpsRoutesDeps {
  intake: IntakeDeps;
  repo: RequestRepository;
}

function stateOf(row: RequestRow): RequestState {
  return {
    request_id: row.requestId,
    kind: row.kind,
    status: row.status,
    provider: row.provider,
    model: row.model,
    priority: row.priority,
    callback_topic: row.callbackTopic,
    expires_at: row.expiresAtMs === null ? null : new Date(row.expiresAtMs).toISOString(),
    created_at: row.createdAt,
    started_at: row.startedAt,
    completed_at: row.completedAt,
    result: row.result ?? null,
  };
}

/** `POST /v1/comparisons` (queue a comparison, 202) and `GET /v1/requests/{request_id}`. */
export function registerLpsRoutes(app: Hono<AppEnv>, deps: LpsRoutesDeps): void {
  app.post("/v1/comparisons", async (c) => {
    const request = await readJson(c, LlmComparisonRequestSchema);
    const correlationId = request.metadata.correlation_id ?? c.var.correlationId;
    try {
      const outcome = await submitRequest(deps.intake, { kind: RequestKind.COMPARISON, request }, correlationId);
      return c.json({ request_id: outcome.requestId, status: outcome.status }, 202);
    } catch (err) {
      if (err instanceof CallbackTopicError) throw new HuleEduError("VALIDATION_ERROR", err.message, { field: "callback_topic" });
      throw err;
    }
  });

  app.get("/v1/requests/:request_id", (c) => {
    const { request_id } = readParams(c, RequestIdParamsSchema);
    const row = deps.repo.find(request_id);
    if (!row) throw new HuleEduError("RESOURCE_NOT_FOUND", `No request with id ${request_id}`, { request_id });
    return c.json(stateOf(row));
  });
}
