import createClient from "openapi-fetch";
import type { paths } from "../../../tests/e2e/client/api-gateway.d.ts";
import { accessToken, refreshSession, waitForReauthentication } from "./session.ts";

/**
 * fetch with the in-memory access token. A 401 renews the token from the session cookie and retries
 * once; when the session itself is gone, the sign-in dialog opens and the call resumes after it.
 */
export async function authedFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  const send = (req: Request) => {
    const token = accessToken();
    const headers = new Headers(req.headers);
    if (token) headers.set("Authorization", `Bearer ${token}`);
    return fetch(new Request(req, { headers }));
  };
  const first = await send(input);
  if (first.status !== 401) return first;
  if ((await refreshSession()) || (await waitForReauthentication())) return send(retry);
  return first;
}

/** The typed client, generated from openapi/api-gateway.json (the same types as the e2e tests' client). */
export const api = createClient<paths>({ baseUrl: location.origin, fetch: authedFetch });
