import * as v from "valibot";
import { ProviderError, TruncatedAnswerError } from "../domain/errors.ts";
import type { LlmProvider, VendorRateLimits } from "./types.ts";
import { errorForStatus, numericHeader, postJson, type VendorResponse } from "./vendor-http.ts";
import { type VendorAnswer, vendorProvider, type VendorProviderConfig, type VendorTransport } from "./vendor-provider.ts";

export const ANTHROPIC_VERSION = "2023-06-01";
export const ANTHROPIC_DEFAULT_MODEL = "claude-haiku-4-5";

const MessageSchema = v.object({
  model: v.string(),
  content: v.array(v.looseObject({ type: v.string(), text: v.optional(v.string()) })),
  stop_reason: v.nullish(v.string()),
  usage: v.looseObject({ input_tokens: v.number(), output_tokens: v.number() }),
});

const ErrorBodySchema = v.object({
  type: v.literal("error"),
  error: v.looseObject({ type: v.string(), message: v.optional(v.string()) }),
});

const anthropicTransport: VendorTransport = {
  provider: "anthropic",
  defaultBaseUrl: "https://api.anthropic.com",
  defaultModel: ANTHROPIC_DEFAULT_MODEL,
  rateLimitHeaderPrefixes: ["anthropic-ratelimit-", "retry-after"],

  send(baseUrl, apiKey, request, timeoutMs) {
    const body: Record<string, unknown> = {
      model: request.model,
      max_tokens: request.maxTokens,
      system: request.prompt.system,
      messages: [{ role: "user", content: request.prompt.user }],
    };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    const headers = { "x-api-key": apiKey, "anthropic-version": ANTHROPIC_VERSION };
    return postJson("anthropic", `${baseUrl}/v1/messages`, headers, body, timeoutMs, request.signal);
  },

  interpret(response: VendorResponse, maxTokens: number): VendorAnswer {
    const failure = v.safeParse(ErrorBodySchema, response.body);
    if (response.status < 200 || response.status >= 300 || failure.success) {
      const vendorError = failure.success ? failure.output.error : undefined;
      // An error body on a 2xx (e.g. overloaded_error) is still an error.
      const status = response.status >= 300 ? response.status : vendorError?.type === "overloaded_error" ? 529 : 500;
      throw errorForStatus("anthropic", { ...response, status }, vendorError?.type, vendorError?.message);
    }
    const parsed = v.safeParse(MessageSchema, response.body);
    if (!parsed.success) {
      throw new ProviderError("anthropic answered 2xx with an unexpected body", {
        kind: "invalid_response",
        retryable: false,
        provider: "anthropic",
        status: response.status,
        details: { issue: parsed.issues[0]?.message },
      });
    }
    const message = parsed.output;
    const usage = { input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens };
    if (message.stop_reason === "max_tokens") {
      throw new TruncatedAnswerError("anthropic", "max_tokens", maxTokens, usage, message.model);
    }
    const text = message.content
      .filter((block) => block.type === "text")
      .map((block) => block.text ?? "")
      .join("");
    return { text, usage, model: message.model };
  },

  limits(headers: Headers): VendorRateLimits {
    const h = (name: string) => numericHeader(headers, `anthropic-ratelimit-${name}`);
    const at = (name: string) => resetTime(headers.get(`anthropic-ratelimit-${name}`));
    // Newer accounts get separate input/output token limits; input tokens are what the prompt costs.
    const tokens = h("tokens-remaining") !== undefined ? "tokens" : "input-tokens";
    return dropUndefined({
      requestsLimit: h("requests-limit"),
      requestsRemaining: h("requests-remaining"),
      requestsResetAt: at("requests-reset"),
      tokensLimit: h(`${tokens}-limit`),
      tokensRemaining: h(`${tokens}-remaining`),
      tokensResetAt: at(`${tokens}-reset`),
    });
  },
};

function resetTime(raw: string | null): number | undefined {
  if (!raw) return undefined;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? undefined : t;
}

function dropUndefined(limits: VendorRateLimits): VendorRateLimits {
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
}

/**
 * Anthropic Messages API client (`POST {baseUrl}/v1/messages`).
 * @example const judge = createAnthropicProvider({ apiKey: process.env.ANTHROPIC_API_KEY!, gate: limiter })
 */
export function createAnthropicProvider(config: VendorProviderConfig): LlmProvider {
  return vendorProvider(anthropicTransport, config);
}
