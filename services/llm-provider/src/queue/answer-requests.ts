import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { RequestRepository } from "../db/request-repository.ts";
import type { Answered } from "./call-single.ts";
import type { LpsMetrics } from "./lps-metrics.ts";
import { emitResult, statusOf } from "./result-events.ts";

export interface AnswerDeps {
  repo: RequestRepository;
  uow: UnitOfWork;
  metrics: LpsMetrics;
  logger: Logger;
  now: () => number;
}

/**
 * Store each answer and emit its result in one transaction; an already answered request (a
 * duplicate take, a cancelled batch) is left alone and emits nothing. Returns what was applied.
 */
export function answerRequests(deps: AnswerDeps, answered: readonly Answered[]): Answered[] {
  if (answered.length === 0) return [];
  const { repo, uow, metrics, logger } = deps;
  const at = new Date(deps.now()).toISOString();
  const applied = uow.run((tx, emit) =>
    answered.filter(({ row, result }) => {
      if (!repo.markAnswered(tx, row.requestId, statusOf(result), result, at)) return false;
      emitResult(emit, row.kind, row.correlationId, result);
      return true;
    }),
  );
  for (const { row, result } of applied) {
    metrics.result(result.status, result.error?.code);
    logger.info("request answered", {
      request_id: row.requestId, status: result.status, error_code: result.error?.code, provider: result.provider, model: result.model,
      latency_ms: result.latency_ms, correlation_id: row.correlationId, ...(result.metadata.batch_id ? { batch_id: result.metadata.batch_id } : {}),
    });
  }
  return applied;
}
