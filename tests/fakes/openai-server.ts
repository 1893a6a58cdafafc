/**
 * A local HTTP server that speaks OpenAI chat completions (`POST /v1/chat/completions`), scripted
 * per test. Every request is recorded with its arrival time.
 * @example
 * const fake = startFakeOpenAi({ apiKey: "test-key" });
 * fake.enqueue({ kind: "rate_limited", retryAfterSeconds: 1 });
 * // … createOpenAiProvider({ apiKey: "test-key", baseUrl: fake.url }) …
 * await fake.stop();
 */
import type { Server } from "bun";

export interface FakeOpenAiUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

interface StepCommon {
  headers?: Record<string, string>;
  delayMs?: number;
}

export type OpenAiStep = StepCommon &
  (
    | {
        kind: "verdict";
        winner?: "essay_a" | "essay_b";
        confidence?: number;
        justification?: string;
        usage?: Partial<FakeOpenAiUsage>;
      }
    | { kind: "text"; text: string; usage?: Partial<FakeOpenAiUsage> }
    | { kind: "rate_limited"; retryAfterSeconds?: number }
    | { kind: "quota_exhausted" }
    | { kind: "length"; text?: string }
    | { kind: "error"; status: number; type: string; message?: string }
  );

export interface FakeOpenAiHit {
  at: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  usage?: FakeOpenAiUsage;
}

export interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  max_completion_tokens?: number;
  max_tokens?: number;
  temperature?: number;
  response_format?: { type: string };
}

export interface FakeOpenAiServer {
  url: string;
  hits: FakeOpenAiHit[];
  enqueue(...steps: OpenAiStep[]): void;
  setDefault(step: OpenAiStep | ((body: ChatBody) => OpenAiStep)): void;
  stop(): Promise<void>;
}

export interface FakeOpenAiOptions {
  /** When set, any other bearer token gets 401. */
  apiKey?: string;
  defaultStep?: OpenAiStep;
}

const now = () => performance.timeOrigin + performance.now();

function json(status: number, payload: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(payload), { status, headers: { "content-type": "application/json", ...headers } });
}

function errorBody(type: string, message: string, code: string | null = null) {
  return { error: { message, type, param: null, code } };
}

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

function isChatBody(body: unknown): body is ChatBody {
  if (typeof body !== "object" || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.model === "string" && Array.isArray(b.messages) && b.messages.length > 0;
}

export function startFakeOpenAi(options: FakeOpenAiOptions = {}): FakeOpenAiServer {
  const hits: FakeOpenAiHit[] = [];
  const queue: OpenAiStep[] = [];
  let fallback: OpenAiStep | ((body: ChatBody) => OpenAiStep) = options.defaultStep ?? { kind: "verdict" };

  function answer(step: OpenAiStep, body: ChatBody, hit: FakeOpenAiHit): Response {
    const headers = step.headers ?? {};
    const chars = body.messages.reduce((n, m) => n + String(m.content).length, 0);
    const usageFor = (text: string, given: Partial<FakeOpenAiUsage> = {}): FakeOpenAiUsage => ({
      prompt_tokens: given.prompt_tokens ?? Math.ceil(chars / 4),
      completion_tokens: given.completion_tokens ?? Math.max(1, Math.ceil(text.length / 4)),
    });
    const completion = (text: string, finishReason: string, usage: FakeOpenAiUsage) => {
      hit.usage = usage;
      return json(
        200,
        {
          id: `chatcmpl-fake-${hits.length}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null }, finish_reason: finishReason }],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        },
        headers,
      );
    };
    switch (step.kind) {
      case "verdict": {
        const text = JSON.stringify({
          winner: step.winner ?? "essay_a",
          justification: step.justification ?? "Essay is clearer and better organised.",
          confidence: step.confidence ?? 0.8,
        });
        return completion(text, "stop", usageFor(text, step.usage));
      }
      case "text":
        return completion(step.text, "stop", usageFor(step.text, step.usage));
      case "length": {
        const text = step.text ?? '{"winner": "essay_b", "justification": "Essay B';
        return completion(text, "length", usageFor(text, { completion_tokens: body.max_completion_tokens ?? 16 }));
      }
      case "rate_limited":
        return json(429, errorBody("requests", "Rate limit reached for requests", "rate_limit_exceeded"), {
          ...(step.retryAfterSeconds === undefined ? {} : { "retry-after": String(step.retryAfterSeconds) }),
          ...headers,
        });
      case "quota_exhausted":
        return json(429, errorBody("insufficient_quota", "You exceeded your current quota", "insufficient_quota"), headers);
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
      const hit: FakeOpenAiHit = {
        at: now(),
        method: req.method,
        path: url.pathname,
        headers: headerRecord(req.headers),
        body,
        status: 0,
      };
      hits.push(hit);
      const respond = async (): Promise<Response> => {
        if (req.method !== "POST" || url.pathname !== "/v1/chat/completions") {
          return json(404, errorBody("invalid_request_error", `Unknown request URL: ${req.method} ${url.pathname}`));
        }
        if (options.apiKey !== undefined && req.headers.get("authorization") !== `Bearer ${options.apiKey}`) {
          return json(401, errorBody("invalid_request_error", "Incorrect API key provided", "invalid_api_key"));
        }
        if (!isChatBody(body)) return json(400, errorBody("invalid_request_error", "malformed chat completion body"));
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
