import { type ComparisonResult, parseComparisonAnswer } from "../domain/comparison.ts";
import { buildComparisonPrompt, estimatePromptTokens, type VendorPrompt } from "../domain/comparison-prompt.ts";
import { type ProviderName, ProviderError, RateLimitError } from "../domain/errors.ts";
import { buildFeedbackPrompt, type FeedbackResult, parseFeedbackAnswer } from "../domain/feedback.ts";
import { costUsd, type ModelPrice, MODEL_PRICES, type TokenUsage } from "../domain/pricing.ts";
import { withMeasuredEvidence } from "./local-feedback-writer.ts";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from "./retry.ts";
import type { CallGate, CallOptions, LlmProvider, ProviderCall, VendorRateLimits } from "./types.ts";
import { headersWithPrefix, type VendorResponse } from "./vendor-http.ts";

/** Settings shared by the vendor clients; only `apiKey` is required. */
export interface VendorProviderConfig {
  apiKey: string;
  /** Vendor origin, e.g. a local fake in tests. */
  baseUrl?: string;
  model?: string;
  /** Output token cap for comparisons (a verdict is short). */
  maxTokens?: number;
  /** Output token cap for feedback. */
  feedbackMaxTokens?: number;
  /** Sent only when set; otherwise the vendor's default applies. */
  temperature?: number;
  /** Per HTTP attempt. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Rate limiter consulted before every attempt. */
  gate?: CallGate;
  prices?: Readonly<Record<string, ModelPrice>>;
}

/** A vendor's answer to one attempt, already checked for truncation. */
export interface VendorAnswer {
  text: string;
  usage: TokenUsage;
  model: string;
}

export interface VendorRequest {
  prompt: VendorPrompt;
  model: string;
  maxTokens: number;
  temperature: number | undefined;
  /** True when the answer must be a JSON object (vendors that support it can enforce it). */
  json: boolean;
  signal?: AbortSignal;
}

/** The vendor-specific part of a client: wire format, error shapes and rate-limit headers. */
export interface VendorTransport {
  provider: ProviderName;
  defaultBaseUrl: string;
  defaultModel: string;
  rateLimitHeaderPrefixes: readonly string[];
  send(baseUrl: string, apiKey: string, request: VendorRequest, timeoutMs: number): Promise<VendorResponse>;
  /** Returns the answer of a 2xx response, or throws the typed error for this response. */
  interpret(response: VendorResponse, maxTokens: number): VendorAnswer;
  limits(headers: Headers): VendorRateLimits;
}

/** Build an LlmProvider from a vendor transport: retries, rate-limit gate, cost and parsing. */
export function vendorProvider(transport: VendorTransport, config: VendorProviderConfig): LlmProvider {
  const provider = transport.provider;
  const baseUrl = (config.baseUrl ?? transport.defaultBaseUrl).replace(/\/+$/, "");
  const defaultModel = config.model ?? transport.defaultModel;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...config.retry };
  const timeoutMs = config.timeoutMs ?? 60_000;
  const prices = config.prices ?? MODEL_PRICES;
  const gate = config.gate;

  async function call<T>(
    prompt: VendorPrompt,
    json: boolean,
    defaultMaxTokens: number,
    opts: CallOptions,
    parse: (text: string) => T,
  ): Promise<ProviderCall<T>> {
    const started = performance.now();
    const request: VendorRequest = {
      prompt,
      model: opts.model ?? defaultModel,
      maxTokens: opts.maxTokens ?? defaultMaxTokens,
      temperature: opts.temperature ?? config.temperature,
      json,
      signal: opts.signal,
    };
    const estimate = estimatePromptTokens(prompt) + request.maxTokens;
    let rateLimits: VendorRateLimits = {};
    let rateLimitHeaders: Record<string, string> = {};

    const attempt = async (): Promise<VendorAnswer> => {
      await gate?.acquire(estimate, opts.signal);
      let response: VendorResponse;
      try {
        response = await transport.send(baseUrl, config.apiKey, request, timeoutMs);
      } catch (error) {
        // A timed-out request may still have been processed and billed: keep its tokens taken.
        const timedOut = error instanceof ProviderError && error.kind === "timeout";
        if (!timedOut) await gate?.settle(estimate, 0);
        throw error;
      }
      rateLimits = transport.limits(response.headers);
      rateLimitHeaders = headersWithPrefix(response.headers, transport.rateLimitHeaderPrefixes);
      await gate?.observe(rateLimits);
      try {
        const answer = transport.interpret(response, request.maxTokens);
        await gate?.settle(estimate, answer.usage.input_tokens + answer.usage.output_tokens);
        return answer;
      } catch (error) {
        // A truncated answer still used its tokens; a refused call used none.
        const used = error instanceof ProviderError ? usedTokens(error) : 0;
        await gate?.settle(estimate, used);
        if (error instanceof RateLimitError && error.retryAfterMs !== undefined) await gate?.pauseFor(error.retryAfterMs);
        throw error;
      }
    };

    const { value: answer, attempts } = await withRetries(attempt, policy, { signal: opts.signal });
    const cost = costUsd(answer.model, answer.usage, prices);
    let result: T;
    try {
      result = parse(answer.text);
    } catch (error) {
      // The tokens were spent even though the answer is useless: keep them on the error for accounting.
      if (error instanceof ProviderError) {
        error.attempts = attempts;
        Object.assign(error.details, { model: answer.model, usage: answer.usage, cost_usd: cost });
      }
      throw error;
    }
    return {
      result,
      provider,
      model: answer.model,
      usage: answer.usage,
      costUsd: cost,
      latencyMs: Math.round(performance.now() - started),
      attempts,
      rateLimits,
      rateLimitHeaders,
    };
  }

  return {
    name: provider,
    defaultModel,
    compare(task, opts = {}) {
      return call(buildComparisonPrompt(task), true, config.maxTokens ?? 512, opts, (text): ComparisonResult =>
        parseComparisonAnswer(text, provider),
      );
    },
    async writeFeedback(task, opts = {}) {
      const answered = await call(buildFeedbackPrompt(task), true, config.feedbackMaxTokens ?? 1024, opts, (text): FeedbackResult =>
        parseFeedbackAnswer(text, provider, task),
      );
      return { ...answered, result: await withMeasuredEvidence(answered.result, task) };
    },
    completeText(prompt, opts = {}) {
      return call(prompt, opts.json ?? true, config.maxTokens ?? 512, opts, (text): string => text);
    },
  };
}

function usedTokens(error: ProviderError): number {
  const usage = error.details.usage as TokenUsage | undefined;
  return usage ? usage.input_tokens + usage.output_tokens : 0;
}
