// The browser session: the access token lives only in this module's memory; the refresh token is an
// HttpOnly cookie the page never sees. Renewal sends the CSRF cookie's value back as a header.

export interface SessionState {
  token: string | null;
  expiresAt: number;
}

const state: SessionState = { token: null, expiresAt: 0 };
const listeners = new Set<() => void>();
let refreshing: Promise<boolean> | null = null;
let reauth: ((signedIn: boolean) => void)[] = [];
let reauthListener: ((open: boolean) => void) | null = null;

export interface ApiProblem {
  status: number;
  error_code: string;
  message: string;
  details?: Record<string, unknown>;
}

function csrfFromCookie(): string {
  const match = /(?:^|;\s*)huleedu_csrf=([^;]+)/.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : "";
}

function notify(): void {
  for (const l of listeners) l();
}

function adopt(body: { access_token: string; expires_in: number }): void {
  state.token = body.access_token;
  state.expiresAt = Date.now() + body.expires_in * 1000;
  notify();
}

export async function problemFrom(res: Response): Promise<ApiProblem> {
  const body = (await res.json().catch(() => ({}))) as Partial<ApiProblem>;
  return { status: res.status, error_code: body.error_code ?? "UNKNOWN", message: body.message ?? res.statusText, ...(body.details ? { details: body.details } : {}) };
}

export const accessToken = (): string | null => state.token;
export const isSignedIn = (): boolean => state.token !== null;

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Sign in; resolves to the problem when identity refused. */
export async function signIn(email: string, password: string): Promise<ApiProblem | null> {
  const res = await fetch("/v1/auth/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password }), credentials: "same-origin" });
  if (!res.ok) return problemFrom(res);
  adopt((await res.json()) as { access_token: string; expires_in: number });
  for (const resolve of reauth) resolve(true);
  reauth = [];
  reauthListener?.(false);
  return null;
}

export async function signUp(email: string, password: string): Promise<ApiProblem | null> {
  const res = await fetch("/v1/auth/register", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password }) });
  if (!res.ok) return problemFrom(res);
  return signIn(email, password);
}

/** A new access token from the cookie (one request at a time); false when the session is gone. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const res = await fetch("/v1/auth/session/refresh", { method: "POST", headers: { "X-CSRF-Token": csrfFromCookie() }, credentials: "same-origin" });
      if (!res.ok) return false;
      adopt((await res.json()) as { access_token: string; expires_in: number });
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Sign out and forget everything held in memory for this user. */
export async function signOut(): Promise<void> {
  // The access token lets identity revoke this session's refresh tokens, not only the cookie.
  const headers: Record<string, string> = { "X-CSRF-Token": csrfFromCookie(), ...(state.token ? { Authorization: `Bearer ${state.token}` } : {}) };
  await fetch("/v1/auth/session", { method: "DELETE", headers, credentials: "same-origin" }).catch(() => undefined);
  state.token = null;
  state.expiresAt = 0;
  notify();
}

/** The session expired mid-work: show the sign-in dialog and wait, so the page keeps its state. */
export function waitForReauthentication(): Promise<boolean> {
  if (!reauthListener) return Promise.resolve(false);
  reauthListener(true);
  return new Promise((resolve) => reauth.push(resolve));
}

export function cancelReauthentication(): void {
  for (const resolve of reauth) resolve(false);
  reauth = [];
  reauthListener?.(false);
}

export function onReauthenticationNeeded(listener: (open: boolean) => void): () => void {
  reauthListener = listener;
  return () => {
    if (reauthListener === listener) reauthListener = null;
  };
}
