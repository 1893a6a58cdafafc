import { LlmComparisonCompletedTopic, LlmFeedbackCompletedTopic } from "@shared/contracts/events/llm.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";
import type { ComparisonResult } from "../domain/comparison.ts";
import type { ProviderErrorKind } from "../domain/errors.ts";
import type { FeedbackResult } from "../domain/feedback.ts";
import type { TokenUsage } from "../domain/pricing.ts";
import type { ResultData } from "../db/request-repository.ts";
import { type QueuedPayload, RequestKind, RequestStatus } from "../db/request-states.ts";
import { SERVICE_NAME } from "../config.ts";

/** The topic each request kind must be answered on. */
export const RESULT_TOPIC = {
  [RequestKind.COMPARISON]: LlmComparisonCompletedTopic,
  [RequestKind.FEEDBACK]: LlmFeedbackCompletedTopic,
} as const;

/** Error codes of results that are not a provider's ErrorCode. */
export const ResultErrorCode = {
  EXPIRED: "EXPIRED",
  PROVIDER_NOT_CONFIGURED: "PROVIDER_NOT_CONFIGURED",
} as const;

export interface ResultError {
  code: string;
  message: string;
  retryable: boolean;
}

/** What a call cost and who made it; zeros when no call was made. */
export interface Accounting {
  provider: string;
  model: string;
  usage: TokenUsage;
  /** null (unpriced model) is reported as 0 and counted in llm_unpriced_calls_total. */
  costUsd: number | null;
  latencyMs: number;
}

export const NO_USAGE: TokenUsage = { input_tokens: 0, output_tokens: 0 };

function base(requestId: string, payload: QueuedPayload, acc: Accounting) {
  return {
    request_id: requestId,
    provider: acc.provider,
    model: acc.model,
    usage: { input_tokens: acc.usage.input_tokens, output_tokens: acc.usage.output_tokens },
    cost_usd: acc.costUsd ?? 0,
    latency_ms: Math.max(0, Math.round(acc.latencyMs)),
    metadata: payload.request.metadata,
  };
}

/** The success result for a verdict or a feedback text. */
export function successResult(requestId: string, payload: QueuedPayload, acc: Accounting, answer: ComparisonResult | FeedbackResult): ResultData {
  const common = { ...base(requestId, payload, acc), status: "success" as const, error: null };
  if (payload.kind === RequestKind.COMPARISON && "winner" in answer) {
    return { ...common, winner: answer.winner, justification: answer.justification, confidence: answer.confidence };
  }
  if (payload.kind === RequestKind.FEEDBACK && "feedback_text" in answer) return { ...common, feedback_text: answer.feedback_text, feedback: answer.feedback ?? null };
  throw new Error(`a ${payload.kind} request got the wrong kind of answer`);
}

/** The error result: the requester decides from `retryable` whether to ask again. */
export function errorResult(requestId: string, payload: QueuedPayload, acc: Accounting, error: ResultError): ResultData {
  const common = { ...base(requestId, payload, acc), status: "error" as const, error };
  return payload.kind === RequestKind.COMPARISON
    ? { ...common, winner: null, justification: null, confidence: null }
    : { ...common, feedback_text: null, feedback: null };
}

/** The queue status an answer leaves its request in. */
export function statusOf(result: ResultData): RequestStatus {
  if (result.status === "success") return RequestStatus.SUCCEEDED;
  return result.error?.code === ResultErrorCode.EXPIRED ? RequestStatus.EXPIRED : RequestStatus.FAILED;
}

/**
 * Put the result on the request's callback topic through the outbox, at most once per request
 * (dedupe key `result:<request_id>`). Returns false when it was already emitted.
 */
export function emitResult(emit: Emit, kind: RequestKind, correlationId: string, result: ResultData): boolean {
  const input = { data: result, source: SERVICE_NAME, correlationId };
  const options = { dedupeKey: `result:${result.request_id}` };
  return kind === RequestKind.COMPARISON
    ? emit(LlmComparisonCompletedTopic, input, options)
    : emit(LlmFeedbackCompletedTopic, input, options);
}

/** The outcome label of a failed call for metrics. */
export function outcomeOf(kind: ProviderErrorKind | undefined): string {
  return kind ?? "internal_error";
}
