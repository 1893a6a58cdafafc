import type { ErrorCode } from "@shared/contracts/errors.ts";
import type { TokenUsage } from "./pricing.ts";

/** Which vendor (or the local judge) a call went to. */
export type ProviderName = "local" | "anthropic" | "openai";

/** Why a provider call failed; retry decisions and metrics key on this, never on message text. */
export type ProviderErrorKind =
  | "rate_limited"
  | "overloaded"
  | "server_error"
  | "network"
  | "timeout"
  | "truncated"
  | "unparseable_answer"
  | "bad_request"
  | "authentication"
  | "quota_exhausted"
  | "invalid_response";

const CODE_BY_KIND: Record<ProviderErrorKind, ErrorCode> = {
  rate_limited: "RATE_LIMIT",
  overloaded: "EXTERNAL_SERVICE_ERROR",
  server_error: "EXTERNAL_SERVICE_ERROR",
  network: "EXTERNAL_SERVICE_ERROR",
  timeout: "TIMEOUT",
  truncated: "EXTERNAL_SERVICE_ERROR",
  unparseable_answer: "PROCESSING_ERROR",
  bad_request: "EXTERNAL_SERVICE_ERROR",
  authentication: "EXTERNAL_SERVICE_ERROR",
  quota_exhausted: "EXTERNAL_SERVICE_ERROR",
  invalid_response: "EXTERNAL_SERVICE_ERROR",
};

export interface ProviderErrorInit {
  kind: ProviderErrorKind;
  retryable: boolean;
  provider: ProviderName;
  status?: number;
  details?: Record<string, unknown>;
}

/**
 * A failed provider call. `retryable` tells the caller whether trying again can help.
 * @example if (err instanceof ProviderError && !err.retryable) publishErrorResult(err)
 */
export class ProviderError extends Error {
  override readonly name: string = "ProviderError";
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  readonly provider: ProviderName;
  readonly status: number | undefined;
  readonly details: Record<string, unknown>;
  /** How many vendor attempts were made before giving up (set by the retry loop). */
  attempts = 1;

  constructor(message: string, init: ProviderErrorInit) {
    super(message);
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.provider = init.provider;
    this.status = init.status;
    this.details = init.details ?? {};
  }

  /** The shared error code for result events and HTTP bodies. */
  get code(): ErrorCode {
    return CODE_BY_KIND[this.kind];
  }
}

/**
 * The vendor (or our own limiter) refused the call for rate reasons; wait `retryAfterMs` first.
 * @example throw new RateLimitError("anthropic", 2000, "429 from vendor")
 */
export class RateLimitError extends ProviderError {
  override readonly name: string = "RateLimitError";
  constructor(
    provider: ProviderName,
    readonly retryAfterMs: number | undefined,
    message = "rate limited",
    status?: number,
  ) {
    super(message, { kind: "rate_limited", retryable: true, provider, status, details: { retry_after_ms: retryAfterMs } });
  }
}

/** The answer was cut off at the token limit (`max_tokens` / `length`): retrying the same call gives the same cut. */
export class TruncatedAnswerError extends ProviderError {
  override readonly name: string = "TruncatedAnswerError";
  constructor(provider: ProviderName, stopReason: string, maxTokens: number, usage?: TokenUsage, model?: string) {
    super(`answer truncated at the token limit (${stopReason}, max_tokens=${maxTokens})`, {
      kind: "truncated",
      retryable: false,
      provider,
      details: { stop_reason: stopReason, max_tokens: maxTokens, usage, model },
    });
  }
}

/** The model answered, but not in the shape we asked for. */
export class UnparseableAnswerError extends ProviderError {
  override readonly name: string = "UnparseableAnswerError";
  constructor(reason: string, answerExcerpt: string, provider: ProviderName = "local") {
    super(`unparseable answer: ${reason}`, {
      kind: "unparseable_answer",
      retryable: false,
      provider,
      details: { reason, answer_excerpt: answerExcerpt },
    });
  }
}
