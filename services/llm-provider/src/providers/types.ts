import type { ComparisonResult, ComparisonTask } from "../domain/comparison.ts";
import type { ProviderName } from "../domain/errors.ts";
import type { FeedbackResult, FeedbackTask } from "../domain/feedback.ts";
import type { TokenUsage } from "../domain/pricing.ts";
import type { VendorPrompt } from "../domain/comparison-prompt.ts";

/** Per-call choices; anything left out falls back to the provider's configuration. */
export interface CallOptions {
  /** Model override for this call. */
  model?: string;
  maxTokens?: number;
  temperature?: number;
  /** Cancels waiting, retries and the HTTP request. */
  signal?: AbortSignal;
  correlationId?: string;
}

/** What the vendor told us about our remaining allowance (absent fields were not sent). */
export interface VendorRateLimits {
  requestsLimit?: number;
  requestsRemaining?: number;
  /** Epoch ms when the request allowance is replenished. */
  requestsResetAt?: number;
  tokensLimit?: number;
  tokensRemaining?: number;
  tokensResetAt?: number;
}

/** A successful call: the typed result plus everything the result event and metrics need. */
export interface ProviderCall<T> {
  result: T;
  provider: ProviderName;
  model: string;
  usage: TokenUsage;
  /** USD; null when the model is not in the price table. */
  costUsd: number | null;
  /** Wall time of the whole call, waits and retries included. */
  latencyMs: number;
  /** Vendor attempts made (1 when the first succeeded; 0 for the local judge). */
  attempts: number;
  /** Parsed rate-limit headers of the last vendor response. */
  rateLimits: VendorRateLimits;
  /** The raw rate-limit headers of the last vendor response, by lower-case name. */
  rateLimitHeaders: Record<string, string>;
}

/**
 * One interface for every judge: the local one and the vendor clients.
 * @example const call = await provider.compare(task, { correlationId }); call.result.winner
 */
export interface LlmProvider {
  readonly name: ProviderName;
  readonly defaultModel: string;
  compare(task: ComparisonTask, opts?: CallOptions): Promise<ProviderCall<ComparisonResult>>;
  writeFeedback(task: FeedbackTask, opts?: CallOptions): Promise<ProviderCall<FeedbackResult>>;
  /**
   * A caller-built prompt through the same gate, retries and accounting; the answer text is
   * returned unparsed. Vendor providers only (serial bundling builds its own prompt).
   */
  completeText?(prompt: VendorPrompt, opts?: CallOptions & { json?: boolean }): Promise<ProviderCall<string>>;
}

/**
 * Admission control around each vendor attempt (the Redis rate limiter implements it).
 * `acquire` resolves when the call may go out; the rest feed back what the vendor said.
 */
export interface CallGate {
  acquire(estimatedTokens: number, signal?: AbortSignal): Promise<unknown>;
  /** Replace the up-front estimate with what the call really used (0 when the vendor refused it). */
  settle(estimatedTokens: number, actualTokens: number): Promise<void>;
  observe(limits: VendorRateLimits): Promise<void>;
  /** Hold every caller sharing this gate, e.g. after a 429 with Retry-After. */
  pauseFor(ms: number): Promise<void>;
}
