import * as v from "valibot";
import { ProviderError, TruncatedAnswerError } from "../domain/errors.ts";
import type { LlmProvider, VendorRateLimits } from "./types.ts";
import { errorForStatus, numericHeader, postJson, type VendorResponse } from "./vendor-http.ts";
import { type VendorAnswer, vendorProvider, type VendorProviderConfig, type VendorTransport } from "./vendor-provider.ts";

export const OPENAI_DEFAULT_MODEL = "gpt-4.1-mini";

const CompletionSchema = v.object({
  model: v.string(),
  choices: v.pipe(
    v.array(
      v.looseObject({
        message: v.looseObject({ content: v.nullish(v.string()), refusal: v.nullish(v.string()) }),
        finish_reason: v.nullish(v.string()),
      }),
    ),
    v.minLength(1),
  ),
  usage: v.looseObject({ prompt_tokens: v.number(), completion_tokens: v.number() }),
});

const ErrorBodySchema = v.object({
  error: v.looseObject({ message: v.optional(v.string()), type: v.nullish(v.string()), code: v.nullish(v.string()) }),
});

const openaiTransport: VendorTransport = {
  provider: "openai",
  defaultBaseUrl: "https://api.openai.com",
  defaultModel: OPENAI_DEFAULT_MODEL,
  rateLimitHeaderPrefixes: ["x-ratelimit-", "retry-after"],

  send(baseUrl, apiKey, request, timeoutMs) {
    const body: Record<string, unknown> = {
      model: request.model,
      max_completion_tokens: request.maxTokens,
      messages: [
        { role: "system", content: request.prompt.system },
        { role: "user", content: request.prompt.user },
      ],
    };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.json) body.response_format = { type: "json_object" };
    const headers = { authorization: `Bearer ${apiKey}` };
    return postJson("openai", `${baseUrl}/v1/chat/completions`, headers, body, timeoutMs, request.signal);
  },

  interpret(response: VendorResponse, maxTokens: number): VendorAnswer {
    if (response.status < 200 || response.status >= 300) {
      const failure = v.safeParse(ErrorBodySchema, response.body);
      const vendorError = failure.success ? failure.output.error : undefined;
      const code = vendorError?.code ?? vendorError?.type ?? undefined;
      // A 429 for an exhausted quota or billing limit will not clear by waiting.
      if (response.status === 429 && code === "insufficient_quota") {
        throw new ProviderError(`openai quota exhausted: ${vendorError?.message ?? ""}`, {
          kind: "quota_exhausted",
          retryable: false,
          provider: "openai",
          status: 429,
          details: { vendor_error_type: code },
        });
      }
      throw errorForStatus("openai", response, code, vendorError?.message);
    }
    const parsed = v.safeParse(CompletionSchema, response.body);
    if (!parsed.success) {
      throw new ProviderError("openai answered 2xx with an unexpected body", {
        kind: "invalid_response",
        retryable: false,
        provider: "openai",
        status: response.status,
        details: { issue: parsed.issues[0]?.message },
      });
    }
    const completion = parsed.output;
    const choice = completion.choices[0] as (typeof completion.choices)[number];
    const usage = { input_tokens: completion.usage.prompt_tokens, output_tokens: completion.usage.completion_tokens };
    if (choice.finish_reason === "length") {
      throw new TruncatedAnswerError("openai", "length", maxTokens, usage, completion.model);
    }
    if (choice.finish_reason === "content_filter" || choice.message.refusal) {
      throw new ProviderError("openai refused or filtered the answer", {
        kind: "bad_request",
        retryable: false,
        provider: "openai",
        status: response.status,
        details: { finish_reason: choice.finish_reason, refusal: choice.message.refusal, usage, model: completion.model },
      });
    }
    return { text: choice.message.content ?? "", usage, model: completion.model };
  },

  limits(headers: Headers): VendorRateLimits {
    const h = (name: string) => numericHeader(headers, `x-ratelimit-${name}`);
    const at = (name: string) => resetDuration(headers.get(`x-ratelimit-${name}`));
    const limits: VendorRateLimits = {
      requestsLimit: h("limit-requests"),
      requestsRemaining: h("remaining-requests"),
      requestsResetAt: at("reset-requests"),
      tokensLimit: h("limit-tokens"),
      tokensRemaining: h("remaining-tokens"),
      tokensResetAt: at("reset-tokens"),
    };
    return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
  },
};

/** OpenAI sends resets as durations ("1s", "6m0s", "20ms"); as an epoch-ms instant. */
export function resetDuration(raw: string | null, now = Date.now()): number | undefined {
  if (!raw) return undefined;
  let ms = 0;
  let matched = false;
  for (const m of raw.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    matched = true;
    const n = Number(m[1]);
    ms += m[2] === "ms" ? n : m[2] === "s" ? n * 1_000 : m[2] === "m" ? n * 60_000 : n * 3_600_000;
  }
  return matched ? now + Math.round(ms) : undefined;
}

/**
 * OpenAI chat completions client (`POST {baseUrl}/v1/chat/completions`).
 * @example const judge = createOpenAiProvider({ apiKey: process.env.OPENAI_API_KEY!, model: "gpt-4.1-mini" })
 */
export function createOpenAiProvider(config: VendorProviderConfig): LlmProvider {
  return vendorProvider(openaiTransport, config);
}
