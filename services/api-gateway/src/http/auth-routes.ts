import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as v from "valibot";
import { LoginRequestSchema, TokenResponseSchema } from "@shared/contracts/auth.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { readJson } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { jsonOfBytes } from "@shared/http/internal-client.ts";
import type { Upstream, UpstreamRawAnswer, UpstreamRequest } from "../clients/upstream.ts";
import { assertCsrf, clearSessionCookies, newCsrfToken, refreshCookie, SESSION_PATH, setSessionCookies } from "../session/session-cookies.ts";
import type { GatewayEnv } from "./gateway-env.ts";

export interface AuthRoutesDeps {
  /** Identity, through the kit's internal client (timeout, error classification, correlation, trace). */
  identity: Upstream;
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
const RELAYED: [UpstreamRequest["method"], string][] = [
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
  const { identity, trustForwardedFor, corsOrigins, logger } = deps;

  function clientAddress(c: Context<GatewayEnv>): string {
    const forwarded = trustForwardedFor ? c.req.header("X-Forwarded-For")?.split(",")[0]?.trim() : undefined;
    return forwarded || (hasRequestIp(c.env) ? c.env.requestIP(c.req.raw)?.address : undefined) || "unknown";
  }

  /** Relay the request as it is (its body, Content-Type and Authorization), with the client's address. */
  async function relayToIdentity(c: Context<GatewayEnv>, method: UpstreamRequest["method"]): Promise<UpstreamRawAnswer> {
    const headers: Record<string, string> = { "X-Forwarded-For": clientAddress(c) };
    for (const name of ["Content-Type", "Authorization"]) {
      const value = c.req.header(name);
      if (value) headers[name] = value;
    }
    const body = method === "GET" ? undefined : await c.req.text();
    return identity.callRaw({ method, path: c.req.path, correlationId: c.var.correlationId, headers, body });
  }

  /** POST JSON the gateway built itself (the request's own body and headers stay here). */
  const postToIdentity = (c: Context<GatewayEnv>, path: string, json: unknown) =>
    identity.callRaw({ method: "POST", path, correlationId: c.var.correlationId, headers: { "X-Forwarded-For": clientAddress(c) }, json });

  const passedHeaders = (answer: UpstreamRawAnswer): [string, string][] =>
    PASSED_HEADERS.flatMap((name) => {
      const value = answer.headers.get(name);
      return value ? [[name, value] as [string, string]] : [];
    });

  const relay = (method: UpstreamRequest["method"]) => async (c: Context<GatewayEnv>) => {
    const answer = await relayToIdentity(c, method);
    return new Response(answer.bytes, { status: answer.status, headers: passedHeaders(answer) });
  };

  /** Tokens from identity become a session: cookies set, refresh token withheld from the page. */
  function startSession(c: Context<GatewayEnv>, answer: UpstreamRawAnswer): Response {
    if (answer.status !== 200) {
      if (answer.status === 401) clearSessionCookies(c, trustForwardedFor);
      for (const [name, value] of passedHeaders(answer)) c.header(name, value);
      return c.body(answer.bytes, answer.status as ContentfulStatusCode);
    }
    const parsed = v.safeParse(TokenResponseSchema, jsonOfBytes(answer.bytes));
    if (!parsed.success) throw new HuleEduError("EXTERNAL_SERVICE_ERROR", "identity answered with an unexpected token body", { upstream: "identity" });
    const tokens = parsed.output;
    const csrf = newCsrfToken();
    setSessionCookies(c, tokens.refresh_token, tokens.refresh_expires_in, csrf, trustForwardedFor);
    c.header("Cache-Control", "no-store");
    return c.json({ access_token: tokens.access_token, token_type: tokens.token_type, expires_in: tokens.expires_in, csrf_token: csrf });
  }

  for (const [method, path] of RELAYED) app.on(method, path, relay(method));

  app.post(SESSION_PATH, async (c) => {
    const credentials = await readJson(c, LoginRequestSchema);
    return startSession(c, await postToIdentity(c, "/v1/auth/login", credentials));
  });

  app.post(`${SESSION_PATH}/refresh`, async (c) => {
    assertCsrf(c, corsOrigins);
    const token = refreshCookie(c);
    if (!token) throw new HuleEduError("AUTHENTICATION_ERROR", "No session: sign in again", { reason: "session_missing" });
    return startSession(c, await postToIdentity(c, "/v1/auth/refresh", { refresh_token: token }));
  });

  app.delete(SESSION_PATH, async (c) => {
    assertCsrf(c, corsOrigins);
    // With the access token, identity revokes the session (its refresh tokens stop working); the
    // cookies go either way, and a failed revocation must not keep the teacher signed in here.
    const authorization = c.req.header("Authorization");
    let revoked = false;
    if (authorization) {
      const headers = { "X-Forwarded-For": clientAddress(c), Authorization: authorization };
      revoked = await identity.callRaw({ method: "POST", path: "/v1/auth/logout", correlationId: c.var.correlationId, headers })
        .then((answer) => answer.status === 204)
        .catch(() => false);
    }
    clearSessionCookies(c, trustForwardedFor);
    logger.info("session ended", { correlation_id: c.var.correlationId, revoked_at_identity: revoked });
    return c.body(null, 204);
  });
}
