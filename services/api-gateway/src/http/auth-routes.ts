import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as v from "valibot";
import { LoginRequestSchema, TokenResponseSchema } from "@shared/contracts/auth.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { CORRELATION_HEADER } from "@shared/http/correlation-id/index.ts";
import { readJson } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { traceHeaders } from "@shared/observability/trace-context.ts";
import { assertCsrf, clearSessionCookies, newCsrfToken, refreshCookie, SESSION_PATH, setSessionCookies } from "../session/session-cookies.ts";
import type { GatewayEnv } from "./gateway-env.ts";

export interface AuthRoutesDeps {
  identityUrl: string;
  timeoutMs: number;
  /** Take the client address from X-Forwarded-For (a trusted proxy in front of the gateway). */
  trustForwardedFor: boolean;
  /** Other origins allowed to use the session cookie (the CORS list). */
  corsOrigins: readonly string[];
  logger: Logger;
}

interface AddressSource { requestIP(request: Request): { address: string } | null }
const hasRequestIp = (env: unknown): env is AddressSource =>
  typeof env === "object" && env !== null && typeof (env as Partial<AddressSource>).requestIP === "function";

/** Identity's public routes, relayed as they are: only the gateway is published. */
const RELAYED: [string, string][] = [
  ["POST", "/v1/auth/register"],
  ["POST", "/v1/auth/login"],
  ["POST", "/v1/auth/refresh"],
  ["GET", "/v1/auth/me"],
  ["POST", "/v1/auth/email/verify"],
  ["POST", "/v1/auth/email/verify/resend"],
  ["POST", "/v1/auth/password/forgot"],
  ["POST", "/v1/auth/password/reset"],
  ["POST", "/v1/auth/password/change"],
  ["POST", "/v1/auth/logout"],
  ["POST", "/v1/auth/logout-all"],
  ["GET", "/v1/auth/sessions"],
  ["DELETE", "/v1/auth/sessions/:session_id"],
  ["GET", "/v1/auth/profile"],
  ["PATCH", "/v1/auth/profile"],
];
const PASSED_HEADERS = ["Content-Type", "Retry-After", "Cache-Control"];

/** What a browser session gets: the access token (kept in memory) and the CSRF token; never the refresh token. */
export const SessionResponseSchema = v.pipe(
  v.object({ access_token: v.string(), token_type: v.literal("Bearer"), expires_in: v.number(), csrf_token: v.string() }),
  v.title("SessionResponse"),
);

/**
 * Sign-up, login, refresh and "me" through the gateway, before `authenticate()` (they are how a
 * token is obtained), and the browser session: `POST /v1/auth/session` (login; refresh token in an
 * HttpOnly SameSite=Strict cookie), `POST /v1/auth/session/refresh` and `DELETE /v1/auth/session`
 * (cookie + CSRF double submit). Identity validates and rate-limits; the gateway tells it the client's address.
 */
export function registerAuthRoutes(app: Hono<GatewayEnv>, deps: AuthRoutesDeps): void {
  const { identityUrl, timeoutMs, trustForwardedFor, corsOrigins, logger } = deps;

  function clientAddress(c: Context<GatewayEnv>): string {
    const forwarded = trustForwardedFor ? c.req.header("X-Forwarded-For")?.split(",")[0]?.trim() : undefined;
    return forwarded || (hasRequestIp(c.env) ? c.env.requestIP(c.req.raw)?.address : undefined) || "unknown";
  }

  /** Call identity; `json` replaces the request's own body (and its headers) when given. */
  /** What every call to identity carries: correlation, the client's address, the trace. */
  const identityHeaders = (c: Context<GatewayEnv>): Record<string, string> =>
    ({ [CORRELATION_HEADER]: c.var.correlationId, "X-Forwarded-For": clientAddress(c), ...traceHeaders() });

  async function callIdentity(c: Context<GatewayEnv>, path: string, json?: unknown): Promise<Response> {
    const headers = identityHeaders(c);
    let method = c.req.method;
    let body: string | undefined;
    if (json === undefined) {
      for (const name of ["Content-Type", "Authorization"]) {
        const value = c.req.header(name);
        if (value) headers[name] = value;
      }
      body = method === "GET" ? undefined : await c.req.text();
    } else {
      method = "POST";
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    }
    try {
      return await fetch(`${identityUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const timedOut = err instanceof DOMException && (err.name === "TimeoutError" || err.name === "AbortError");
      logger.warn("identity call failed", { path, timed_out: timedOut, correlation_id: c.var.correlationId });
      if (timedOut) throw new HuleEduError("TIMEOUT", `identity did not answer within ${timeoutMs} ms`, { upstream: "identity" });
      throw new HuleEduError("EXTERNAL_SERVICE_ERROR", "identity is unavailable", { upstream: "identity" });
    }
  }

  async function passThrough(answer: Response): Promise<Response> {
    const out = new Headers();
    for (const name of PASSED_HEADERS) {
      const value = answer.headers.get(name);
      if (value) out.set(name, value);
    }
    return new Response(await answer.arrayBuffer(), { status: answer.status, headers: out });
  }

  const relay = async (c: Context<GatewayEnv>) => passThrough(await callIdentity(c, c.req.path));

  /** Tokens from identity become a session: cookies set, refresh token withheld from the page. */
  async function startSession(c: Context<GatewayEnv>, answer: Response): Promise<Response> {
    if (answer.status !== 200) {
      if (answer.status === 401) clearSessionCookies(c, trustForwardedFor);
      for (const name of PASSED_HEADERS) {
        const value = answer.headers.get(name);
        if (value) c.header(name, value);
      }
      return c.body(await answer.arrayBuffer(), answer.status as ContentfulStatusCode);
    }
    const parsed = v.safeParse(TokenResponseSchema, await answer.json().catch(() => undefined));
    if (!parsed.success) throw new HuleEduError("EXTERNAL_SERVICE_ERROR", "identity answered with an unexpected token body", { upstream: "identity" });
    const tokens = parsed.output;
    const csrf = newCsrfToken();
    setSessionCookies(c, tokens.refresh_token, tokens.refresh_expires_in, csrf, trustForwardedFor);
    c.header("Cache-Control", "no-store");
    return c.json({ access_token: tokens.access_token, token_type: tokens.token_type, expires_in: tokens.expires_in, csrf_token: csrf });
  }

  for (const [method, path] of RELAYED) app.on(method, path, relay);

  app.post(SESSION_PATH, async (c) => {
    const credentials = await readJson(c, LoginRequestSchema);
    return startSession(c, await callIdentity(c, "/v1/auth/login", credentials));
  });

  app.post(`${SESSION_PATH}/refresh`, async (c) => {
    assertCsrf(c, corsOrigins);
    const token = refreshCookie(c);
    if (!token) throw new HuleEduError("AUTHENTICATION_ERROR", "No session: sign in again", { reason: "session_missing" });
    return startSession(c, await callIdentity(c, "/v1/auth/refresh", { refresh_token: token }));
  });

  app.delete(SESSION_PATH, async (c) => {
    assertCsrf(c, corsOrigins);
    // With the access token, identity revokes the session (its refresh tokens stop working); the
    // cookies go either way, and a failed revocation must not keep the teacher signed in here.
    const authorization = c.req.header("Authorization");
    let revoked = false;
    if (authorization) {
      const headers = { ...identityHeaders(c), Authorization: authorization };
      revoked = await fetch(`${identityUrl}/v1/auth/logout`, { method: "POST", headers, signal: AbortSignal.timeout(timeoutMs) })
        .then((r) => r.status === 204)
        .catch(() => false);
    }
    clearSessionCookies(c, trustForwardedFor);
    logger.info("session ended", { correlation_id: c.var.correlationId, revoked_at_identity: revoked });
    return c.body(null, 204);
  });
}
