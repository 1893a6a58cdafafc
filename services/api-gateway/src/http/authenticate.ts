import type { Context, MiddlewareHandler } from "hono";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.ts";
import type { GatewayEnv } from "./gateway-env.ts";

/** Sub-protocol that announces a token in `Sec-WebSocket-Protocol: bearer, <jwt>`. */
export const WS_BEARER_PROTOCOL = "bearer";

function isWebSocketUpgrade(c: Context): boolean {
  return c.req.header("Upgrade")?.toLowerCase() === "websocket";
}

// Browsers cannot set headers on a WebSocket, so an upgrade may carry the token in the query or sub-protocol.
function tokenFrom(c: Context): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("Authorization") ?? "");
  if (match?.[1]) return match[1];
  if (!isWebSocketUpgrade(c)) return undefined;
  const query = c.req.query("token");
  if (query) return query;
  const protocols = (c.req.header("Sec-WebSocket-Protocol") ?? "").split(",").map((p) => p.trim());
  const at = protocols.indexOf(WS_BEARER_PROTOCOL);
  return at >= 0 ? protocols[at + 1] : undefined;
}

/**
 * Requires a valid access token and exposes the caller as `c.var.user`; 401 otherwise.
 * @example app.use("/v1/*", authenticate({ verify }))
 */
export function authenticate(options: { verify: AccessTokenVerifier }): MiddlewareHandler<GatewayEnv> {
  const { verify } = options;
  return async function authenticateMiddleware(c, next) {
    const token = tokenFrom(c);
    if (!token) throw new HuleEduError("AUTHENTICATION_ERROR", "Missing bearer token in the Authorization header", { reason: "token_missing" });
    c.set("user", await verify(token));
    await next();
  };
}
