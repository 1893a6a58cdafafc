// A teacher's session against a running stack, for benchmarks: sign up through identity, store a
// prompt, and call the gateway's public API with a bearer token. Every call has a timeout, and a
// 429 from the gateway's per-user rate limit is waited out (bounded) rather than failing the run.
import * as v from "valibot";
import type { StorageReferenceMetadata } from "../../shared/contracts/storage.ts";

const CALL_TIMEOUT_MS = 60_000;
const MAX_RATE_LIMIT_WAITS = 3;

const RegisteredUserSchema = v.looseObject({ user_id: v.string() });
const TokensSchema = v.looseObject({ access_token: v.string() });
const StoredContentSchema = v.looseObject({ storage_id: v.string() });
const RateLimitSchema = v.looseObject({ details: v.optional(v.looseObject({ retry_after_seconds: v.optional(v.number()) })) });

export interface GatewayAnswer {
  status: number;
  body: unknown;
  /** `Date.now()` when the answer arrived, for timings stamped by the client. */
  at: number;
}

export interface GatewaySession {
  userId: string;
  /** Call the gateway as this teacher; `body` is JSON or a FormData for uploads. */
  call(method: "GET" | "POST", path: string, body?: unknown): Promise<GatewayAnswer>;
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", ...headers },
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  return { status: res.status, text: await res.text() };
}

/** Register and log in a fresh teacher through the identity service's public API. */
export async function signUpTeacher(identityUrl: string, gatewayUrl: string): Promise<GatewaySession> {
  const email = `bench-${crypto.randomUUID().slice(0, 8)}@school.example`;
  const password = "correct horse battery staple";
  const reg = await postJson(`${identityUrl}/v1/auth/register`, { email, password });
  if (reg.status !== 201) throw new Error(`identity register answered ${reg.status}: ${reg.text}`);
  const user = v.parse(RegisteredUserSchema, JSON.parse(reg.text));
  const login = await postJson(`${identityUrl}/v1/auth/login`, { email, password });
  if (login.status !== 200) throw new Error(`identity login answered ${login.status}: ${login.text}`);
  const { access_token } = v.parse(TokensSchema, JSON.parse(login.text));

  async function call(method: "GET" | "POST", path: string, body?: unknown): Promise<GatewayAnswer> {
    for (let attempt = 0; ; attempt++) {
      const isForm = body instanceof FormData;
      const res = await fetch(`${gatewayUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${access_token}`, ...(body !== undefined && !isForm ? { "Content-Type": "application/json" } : {}) },
        ...(body === undefined ? {} : { body: isForm ? body : JSON.stringify(body) }),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
      const text = await res.text();
      const parsed: unknown = text ? JSON.parse(text) : null;
      if (res.status === 429 && attempt < MAX_RATE_LIMIT_WAITS) {
        const wait = v.safeParse(RateLimitSchema, parsed);
        const seconds = wait.success ? (wait.output.details?.retry_after_seconds ?? 1) : 1;
        console.warn(`  (gateway rate limit on ${method} ${path}; waiting ${seconds} s)`);
        await Bun.sleep(seconds * 1000);
        continue;
      }
      return { status: res.status, body: parsed, at: Date.now() };
    }
  }
  return { userId: user.user_id, call };
}

/** Store a student prompt in the content service (internal API) and return its reference. */
export async function storePrompt(contentUrl: string, internalKey: string, text: string): Promise<StorageReferenceMetadata> {
  const res = await fetch(`${contentUrl}/v1/content`, {
    method: "POST", body: text, signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    headers: { "X-Internal-API-Key": internalKey, "Content-Type": "text/plain; charset=utf-8" },
  });
  if (!res.ok) throw new Error(`content service answered ${res.status}: ${await res.text()}`);
  const { storage_id } = v.parse(StoredContentSchema, await res.json());
  return { references: { student_prompt_text: { storage_id } } };
}
