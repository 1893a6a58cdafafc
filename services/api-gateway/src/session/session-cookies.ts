import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { HuleEduError } from "@shared/contracts/errors.ts";

/** The refresh token: HttpOnly, sent only to the session routes. */
export const REFRESH_COOKIE = "huleedu_refresh";
/** The CSRF token: readable by the page, echoed in X-CSRF-Token (double submit). */
export const CSRF_COOKIE = "huleedu_csrf";
export const CSRF_HEADER = "X-CSRF-Token";
export const SESSION_PATH = "/v1/auth/session";

/** Secure cookies when the request came over https (directly or via a trusted proxy). */
function isHttps(c: Context, trustForwardedFor: boolean): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  return trustForwardedFor && c.req.header("X-Forwarded-Proto")?.split(",")[0]?.trim() === "https";
}

export function newCsrfToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Buffer.from(bytes).toString("base64url");
}

export function setSessionCookies(c: Context, refreshToken: string, maxAgeSeconds: number, csrf: string, trustForwardedFor: boolean): void {
  const secure = isHttps(c, trustForwardedFor);
  setCookie(c, REFRESH_COOKIE, refreshToken, { httpOnly: true, sameSite: "Strict", secure, path: SESSION_PATH, maxAge: maxAgeSeconds });
  setCookie(c, CSRF_COOKIE, csrf, { httpOnly: false, sameSite: "Strict", secure, path: "/", maxAge: maxAgeSeconds });
}

export function clearSessionCookies(c: Context, trustForwardedFor: boolean): void {
  const secure = isHttps(c, trustForwardedFor);
  deleteCookie(c, REFRESH_COOKIE, { path: SESSION_PATH, secure, httpOnly: true, sameSite: "Strict" });
  deleteCookie(c, CSRF_COOKIE, { path: "/", secure, sameSite: "Strict" });
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * A cookie-authenticated call must come from a page that can read the CSRF cookie (same site) and,
 * when the browser names an Origin, from this origin or a configured one. 403 otherwise.
 */
export function assertCsrf(c: Context, allowedOrigins: readonly string[]): void {
  const origin = c.req.header("Origin");
  if (origin && !sameHost(origin, c.req.header("Host")) && !allowedOrigins.includes(origin)) {
    throw new HuleEduError("AUTHORIZATION_ERROR", `Requests from origin ${origin} may not use the session cookie`, { reason: "origin_not_allowed" });
  }
  const cookie = getCookie(c, CSRF_COOKIE);
  const header = c.req.header(CSRF_HEADER);
  if (!cookie || !header || !constantTimeEqual(cookie, header)) {
    throw new HuleEduError("AUTHORIZATION_ERROR", `Send the ${CSRF_COOKIE} cookie's value in the ${CSRF_HEADER} header`, { reason: "csrf_token_mismatch" });
  }
}

export const refreshCookie = (c: Context): string | undefined => getCookie(c, REFRESH_COOKIE);
