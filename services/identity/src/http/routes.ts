import type { Context, Hono } from "hono";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import type { AccessTokens } from "../auth/access-tokens.ts";
import type { AttemptLimiter } from "../auth/attempt-limiter.ts";
import { issueMailedToken } from "../auth/mailed-tokens.ts";
import { requestMail } from "../auth/mail-requests.ts";
import type { RefreshTokens } from "../auth/refresh-tokens.ts";
import type { ClientInfo, SessionTokens } from "../auth/session-tokens.ts";
import { clearLoginFailures, isSessionActive, lockedUntil, lockLogin, profileOf, recordLoginFailure, saveProfile } from "../db/account-repository.ts";
import type { IdentityRepository, UserRecord } from "../db/repository.ts";
import { lockoutSeconds } from "../domain/lockout.ts";
import { bearerToken } from "./bearer.ts";
import { clientIp } from "./client-ip.ts";
import { LoginRequestSchema, RefreshRequestSchema, RegisterRequestSchema } from "./schemas.ts";

export interface MailLinks {
  appUrl: string;
  verificationTtlHours: number;
  resetTtlMinutes: number;
}

export interface AuthRoutesDeps {
  repository: IdentityRepository;
  db: Db;
  uow: UnitOfWork;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  sessionTokens: SessionTokens;
  loginLimiter: AttemptLimiter;
  registerLimiter: AttemptLimiter;
  lockout: { freeFailures: number; baseSeconds: number; maxSeconds: number };
  links: MailLinks;
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

export function clientInfo(c: Context, trustForwardedFor: boolean): ClientInfo {
  return { userAgent: c.req.header("User-Agent")?.slice(0, 300) ?? null, clientIp: clientIp(c, trustForwardedFor) };
}

export function registerAuthRoutes(app: Hono<AppEnv>, deps: AuthRoutesDeps): void {
  const { repository, db, uow, accessTokens, refreshTokens, sessionTokens, loginLimiter, registerLimiter, decoyHash, logger, metrics, links } = deps;
  const logins = metrics.counter("identity_logins_total", "Login attempts by outcome", ["outcome"]);

  app.post("/v1/auth/register", async (c) => {
    registerLimiter.hit(clientIp(c, deps.trustForwardedFor));
    const body = await readJson(c, RegisterRequestSchema);
    const language = body.preferred_language ?? (c.req.header("Accept-Language")?.toLowerCase().startsWith("en") ? "en" : "sv");
    const user: UserRecord = {
      id: crypto.randomUUID(), email: body.email, orgId: body.org_id ?? null, createdAt: new Date().toISOString(),
      passwordHash: await Bun.password.hash(body.password, { algorithm: "argon2id" }),
    };
    const correlationId = c.var.correlationId;
    const created = uow.run((tx, emit) => {
      if (!repository.insertUser(user)) {
        // Taken: the answer looks like a new account; the owner gets a mail instead of the caller learning anything.
        const existing = repository.findUserByEmail(body.email);
        if (existing) {
          requestMail(emit, {
            template: "account_exists", language: profileOf(tx, existing.id).preferredLanguage, to: existing.email, userId: existing.id, correlationId,
            variables: { reset_url: `${links.appUrl}/forgot-password` },
          });
        }
        return false;
      }
      saveProfile(tx, user.id, { name: body.name ?? null, preferredLanguage: language });
      const token = issueMailedToken(tx, user.id, "email_verification", links.verificationTtlHours * 3600_000);
      requestMail(emit, {
        template: "verification", language, to: user.email, userId: user.id, correlationId,
        variables: { ...(body.name ? { name: body.name } : {}), token, verify_url: `${links.appUrl}/verify-email?token=${token}`, expires_hours: String(links.verificationTtlHours) },
      });
      return true;
    });
    if (created) logger.info("user registered", { user_id: user.id, correlation_id: correlationId });
    else logger.info("registration for a taken e-mail answered as new", { correlation_id: correlationId });
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
    // Delays grow per e-mail whether or not it is registered, so a delay reveals nothing.
    const now = Date.now();
    const until = lockedUntil(db, body.email);
    if (until > now) {
      logins.inc({ outcome: "delayed" });
      const retryAfterSeconds = Math.ceil((until - now) / 1000);
      throw new HuleEduError("RATE_LIMIT", `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, { retry_after_seconds: retryAfterSeconds, reason: "login_delayed" });
    }
    const user = repository.findUserByEmail(body.email);
    const valid = await Bun.password.verify(body.password, user?.passwordHash ?? decoyHash);
    if (!user || !valid) {
      const failures = recordLoginFailure(db, body.email, now);
      const delay = lockoutSeconds(failures, deps.lockout);
      if (delay > 0) lockLogin(db, body.email, now + delay * 1000);
      logins.inc({ outcome: "failed" });
      throw new HuleEduError("AUTHENTICATION_ERROR", LOGIN_FAILED);
    }
    loginLimiter.clear(attemptKey);
    clearLoginFailures(db, body.email);
    logins.inc({ outcome: "succeeded" });
    logger.info("user logged in", { user_id: user.id, correlation_id: c.var.correlationId });
    return c.json(await sessionTokens(user, clientInfo(c, deps.trustForwardedFor)));
  });

  app.post("/v1/auth/refresh", async (c) => {
    const body = await readJson(c, RefreshRequestSchema);
    const { userId, familyId } = refreshTokens.consume(body.refresh_token);
    const user = repository.findUserById(userId);
    if (!user || !isSessionActive(db, familyId)) throw new HuleEduError("AUTHENTICATION_ERROR", "Refresh token is invalid, expired or already used", { reason: "refresh_token_invalid" });
    return c.json(await sessionTokens(user, clientInfo(c, deps.trustForwardedFor), familyId));
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
