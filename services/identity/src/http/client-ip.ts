import type { Context } from "hono";

interface BunServerLike {
  requestIP(request: Request): { address: string } | null;
}

function isBunServer(env: unknown): env is BunServerLike {
  return typeof env === "object" && env !== null && typeof (env as BunServerLike).requestIP === "function";
}

/** The caller's IP: the socket address, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientIp(c: Context, trustForwardedFor: boolean): string {
  if (trustForwardedFor) {
    const forwarded = c.req.header("X-Forwarded-For")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return (isBunServer(c.env) ? c.env.requestIP(c.req.raw)?.address : undefined) ?? "unknown";
}
