import type { Context, Hono } from "hono";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import type { AccessTokens } from "../auth/access-tokens.ts";
import type { AttemptLimiter } from "../auth/attempt-limiter.ts";
import type { RefreshTokens } from "../auth/refresh-tokens.ts";
import type { IdentityRepository, UserRecord } from "../db/repository.ts";
import { clientIp } from "./client-ip.ts";
import { LoginRequestSchema, RefreshRequestSchema, RegisterRequestSchema } from "./schemas.ts";

export interface AuthRoutesDeps {
  repository: IdentityRepository;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  loginLimiter: AttemptLimiter;
  registerLimiter: AttemptLimiter;
  /** A hash of a random password, verified against when the e-mail is unknown (same timing). */
  decoyHash: string;
  trustForwardedFor: boolean;
  logger: Logger;
  metrics: ServiceMetrics;
}

// One message for unknown e-mail and wrong password, so a login answer never tells which.
const LOGIN_FAILED = "Invalid e-mail or password";

function userView(user: UserRecord) {
  return { user_id: user.id, email: user.email, org_id: user.orgId, created_at: user.createdAt };
}

function bearerToken(c: Context): string {
  const header = c.req.header("Authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new HuleEduError("AUTHENTICATION_ERROR", "Missing bearer token in the Authorization header", { reason: "token_missing" });
  return match[1];
}

export function registerAuthRoutes(app: Hono<AppEnv>, deps: AuthRoutesDeps): void {
  const { repository, accessTokens, refreshTokens, loginLimiter, registerLimiter, decoyHash, logger, metrics } = deps;
  const logins = metrics.counter("identity_logins_total", "Login attempts by outcome", ["outcome"]);

  async function tokensFor(user: UserRecord, familyId?: string) {
    const access = await accessTokens.issue({ userId: user.id, orgId: user.orgId });
    const refresh = refreshTokens.issue(user.id, familyId);
    return {
      access_token: access.token, token_type: "Bearer" as const, expires_in: access.expiresIn,
      refresh_token: refresh.token, refresh_expires_in: refresh.expiresIn,
    };
  }

  app.post("/v1/auth/register", async (c) => {
    registerLimiter.hit(clientIp(c, deps.trustForwardedFor));
    const body = await readJson(c, RegisterRequestSchema);
    const user: UserRecord = {
      id: crypto.randomUUID(), email: body.email, orgId: body.org_id ?? null, createdAt: new Date().toISOString(),
      passwordHash: await Bun.password.hash(body.password, { algorithm: "argon2id" }),
    };
    if (!repository.insertUser(user)) {
      throw new HuleEduError("CONFLICT", "Registration failed: this e-mail address cannot be registered", { reason: "email_unavailable" });
    }
    logger.info("user registered", { user_id: user.id, correlation_id: c.var.correlationId });
    return c.json(userView(user), 201);
  });

  app.post("/v1/auth/login", async (c) => {
    const body = await readJson(c, LoginRequestSchema);
    const attemptKey = `${body.email}|${clientIp(c, deps.trustForwardedFor)}`;
    try {
      loginLimiter.hit(attemptKey);
    } catch (err) {
      logins.inc({ outcome: "rate_limited" });
      throw err;
    }
    const user = repository.findUserByEmail(body.email);
    const valid = await Bun.password.verify(body.password, user?.passwordHash ?? decoyHash);
    if (!user || !valid) {
      logins.inc({ outcome: "failed" });
      throw new HuleEduError("AUTHENTICATION_ERROR", LOGIN_FAILED);
    }
    loginLimiter.clear(attemptKey);
    logins.inc({ outcome: "succeeded" });
    logger.info("user logged in", { user_id: user.id, correlation_id: c.var.correlationId });
    return c.json(await tokensFor(user));
  });

  app.post("/v1/auth/refresh", async (c) => {
    const body = await readJson(c, RefreshRequestSchema);
    const { userId, familyId } = refreshTokens.consume(body.refresh_token);
    const user = repository.findUserById(userId);
    if (!user) throw new HuleEduError("AUTHENTICATION_ERROR", "Refresh token is invalid, expired or already used", { reason: "refresh_token_invalid" });
    return c.json(await tokensFor(user, familyId));
  });

  app.get("/v1/auth/me", async (c) => {
    const { userId } = await accessTokens.verify(bearerToken(c));
    const user = repository.findUserById(userId);
    if (!user) throw new HuleEduError("AUTHENTICATION_ERROR", "Access token is invalid", { reason: "token_invalid" });
    return c.json(userView(user));
  });

  app.get("/.well-known/jwks.json", (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.json(accessTokens.jwks());
  });
}
