/**
 * A local HTTP server that speaks the Anthropic Messages protocol (`POST /v1/messages`), scripted
 * per test. Every request is recorded with its arrival time.
 * @example
 * const fake = startFakeAnthropic({ apiKey: "test-key" });
 * fake.enqueue({ kind: "rate_limited", retryAfterSeconds: 1 }, { kind: "verdict", winner: "essay_b" });
 * // … createAnthropicProvider({ apiKey: "test-key", baseUrl: fake.url }) …
 * await fake.stop();
 */
import type { Server } from "bun";

export const ANTHROPIC_VERSION = "2023-06-01";

export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
}

interface StepCommon {
  /** Extra response headers (e.g. `anthropic-ratelimit-requests-remaining`). */
  headers?: Record<string, string>;
  /** Hold the answer this long first. */
  delayMs?: number;
}

export type AnthropicStep = StepCommon &
  (
    | {
        kind: "verdict";
        winner?: "essay_a" | "essay_b";
        confidence?: number;
        justification?: string;
        /** How the JSON is wrapped in the text: inside prose with a ```json fence (default), or bare. */
        wrap?: "fence" | "bare";
        usage?: Partial<FakeUsage>;
      }
    | { kind: "text"; text: string; usage?: Partial<FakeUsage> }
    | { kind: "rate_limited"; retryAfterSeconds?: number }
    | { kind: "overloaded" }
    | { kind: "max_tokens"; text?: string }
    | { kind: "error"; status: number; type: string; message?: string }
  );

export interface FakeHit {
  /** Arrival, epoch ms with sub-millisecond precision. */
  at: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  /** Usage reported back (successful and truncated answers only). */
  usage?: FakeUsage;
}

export interface FakeAnthropicServer {
  url: string;
  hits: FakeHit[];
  /** Answers for the next requests, one step per request, in order. */
  enqueue(...steps: AnthropicStep[]): void;
  /** The answer once the queue is empty (default: a verdict for essay_a). */
  setDefault(step: AnthropicStep | ((body: MessagesBody) => AnthropicStep)): void;
  stop(): Promise<void>;
}

export interface MessagesBody {
  model: string;
  max_tokens: number;
  system?: string;
  messages: { role: string; content: string }[];
  temperature?: number;
}

export interface FakeAnthropicOptions {
  /** When set, any other x-api-key gets 401. */
  apiKey?: string;
  defaultStep?: AnthropicStep;
}

const now = () => performance.timeOrigin + performance.now();

function promptChars(body: MessagesBody): number {
  return (body.system ?? "").length + body.messages.reduce((n, m) => n + String(m.content).length, 0);
}

function json(status: number, payload: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(payload), { status, headers: { "content-type": "application/json", ...headers } });
}

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

function errorBody(type: string, message: string) {
  return { type: "error", error: { type, message } };
}

function verdictText(step: Extract<AnthropicStep, { kind: "verdict" }>): string {
  const verdict = JSON.stringify({
    winner: step.winner ?? "essay_a",
    justification: step.justification ?? "Essay is clearer and better organised.",
    confidence: step.confidence ?? 0.8,
  });
  return step.wrap === "bare" ? verdict : `Having read both essays carefully, here is my verdict:\n\`\`\`json\n${verdict}\n\`\`\``;
}

function isMessagesBody(body: unknown): body is MessagesBody {
  if (typeof body !== "object" || body === null) return false;
  const b = body as Record<string, unknown>;
  return (
    typeof b.model === "string" &&
    typeof b.max_tokens === "number" &&
    Array.isArray(b.messages) &&
    b.messages.length > 0 &&
    (b.system === undefined || typeof b.system === "string")
  );
}

export function startFakeAnthropic(options: FakeAnthropicOptions = {}): FakeAnthropicServer {
  const hits: FakeHit[] = [];
  const queue: AnthropicStep[] = [];
  let fallback: AnthropicStep | ((body: MessagesBody) => AnthropicStep) = options.defaultStep ?? { kind: "verdict" };

  function answer(step: AnthropicStep, body: MessagesBody, hit: FakeHit): Response {
    const headers = step.headers ?? {};
    const message = (text: string, stopReason: string, usage: FakeUsage) => {
      hit.usage = usage;
      return json(
        200,
        {
          id: `msg_fake_${hits.length}`,
          type: "message",
          role: "assistant",
          model: body.model,
          content: [{ type: "text", text }],
          stop_reason: stopReason,
          stop_sequence: null,
          usage,
        },
        headers,
      );
    };
    const usageFor = (text: string, given: Partial<FakeUsage> = {}): FakeUsage => ({
      input_tokens: given.input_tokens ?? Math.ceil(promptChars(body) / 4),
      output_tokens: given.output_tokens ?? Math.max(1, Math.ceil(text.length / 4)),
    });
    switch (step.kind) {
      case "verdict": {
        const text = verdictText(step);
        return message(text, "end_turn", usageFor(text, step.usage));
      }
      case "text":
        return message(step.text, "end_turn", usageFor(step.text, step.usage));
      case "max_tokens": {
        const text = step.text ?? '{"winner": "essay_a", "justification": "The first essay';
        return message(text, "max_tokens", usageFor(text, { output_tokens: body.max_tokens }));
      }
      case "rate_limited":
        return json(429, errorBody("rate_limit_error", "Number of requests has exceeded your rate limit"), {
          ...(step.retryAfterSeconds === undefined ? {} : { "retry-after": String(step.retryAfterSeconds) }),
          ...headers,
        });
      case "overloaded":
        return json(529, errorBody("overloaded_error", "Overloaded"), headers);
      case "error":
        return json(step.status, errorBody(step.type, step.message ?? step.type), headers);
    }
  }

  const server: Server<undefined> = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      const raw = await req.text();
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      const hit: FakeHit = {
        at: now(),
        method: req.method,
        path: url.pathname,
        headers: headerRecord(req.headers),
        body,
        status: 0,
      };
      hits.push(hit);
      const respond = async (): Promise<Response> => {
        if (req.method !== "POST" || url.pathname !== "/v1/messages") {
          return json(404, errorBody("not_found_error", `no route ${req.method} ${url.pathname}`));
        }
        if (options.apiKey !== undefined && req.headers.get("x-api-key") !== options.apiKey) {
          return json(401, errorBody("authentication_error", "invalid x-api-key"));
        }
        if (req.headers.get("anthropic-version") !== ANTHROPIC_VERSION) {
          return json(400, errorBody("invalid_request_error", "anthropic-version header is required"));
        }
        if (!isMessagesBody(body)) return json(400, errorBody("invalid_request_error", "malformed messages body"));
        const step = queue.shift() ?? (typeof fallback === "function" ? fallback(body) : fallback);
        if (step.delayMs) await Bun.sleep(step.delayMs);
        return answer(step, body, hit);
      };
      const res = await respond();
      hit.status = res.status;
      return res;
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    hits,
    enqueue: (...steps) => void queue.push(...steps),
    setDefault: (step) => void (fallback = step),
    stop: () => server.stop(true),
  };
}
