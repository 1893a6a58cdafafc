import type { Context, Hono } from "hono";
import {
  ChangePasswordRequestSchema, EmailOnlyRequestSchema, GrantRoleRequestSchema, ProfileUpdateSchema, ResetPasswordRequestSchema, VerifyEmailRequestSchema,
} from "@shared/contracts/account.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson, readParams } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import * as v from "valibot";
import type { AccessTokens } from "../auth/access-tokens.ts";
import type { AttemptLimiter } from "../auth/attempt-limiter.ts";
import { issueMailedToken, spendMailedToken } from "../auth/mailed-tokens.ts";
import { requestMail } from "../auth/mail-requests.ts";
import {
  activeSessions, clearLoginFailures, grantRole, profileOf, revokeAllSessions, revokeSession, rolesOf, saveProfile, setPasswordHash,
} from "../db/account-repository.ts";
import type { IdentityRepository, UserRecord } from "../db/repository.ts";
import { bearerToken } from "./bearer.ts";
import { clientIp } from "./client-ip.ts";
import type { MailLinks } from "./routes.ts";

export interface AccountRoutesDeps {
  repository: IdentityRepository;
  db: Db;
  uow: UnitOfWork;
  accessTokens: AccessTokens;
  mailLimiter: AttemptLimiter;
  links: MailLinks;
  trustForwardedFor: boolean;
  logger: Logger;
}

// The same answer whether or not the address has an account.
const ACCEPTED = { status: "accepted" as const, message: "If the address belongs to an account, a mail is on its way." };
const TOKEN_INVALID = () => new HuleEduError("VALIDATION_ERROR", "The link or code is invalid, expired or already used", { reason: "token_invalid" });
const SessionParamsSchema = v.object({ session_id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) });
const hash = (password: string) => Bun.password.hash(password, { algorithm: "argon2id" });

/** Verification, password reset/change, sessions, profile and operator roles. */
export function registerAccountRoutes(app: Hono<AppEnv>, deps: AccountRoutesDeps): void {
  const { repository, db, uow, accessTokens, mailLimiter, links, logger } = deps;

  async function caller(c: Context) {
    const subject = await accessTokens.verify(bearerToken(c));
    const user = repository.findUserById(subject.userId);
    if (!user) throw new HuleEduError("AUTHENTICATION_ERROR", "Access token is invalid", { reason: "token_invalid" });
    return { user, sessionId: subject.sessionId };
  }
  function profileView(user: UserRecord) {
    const profile = profileOf(db, user.id);
    return {
      user_id: user.id, email: user.email, org_id: user.orgId, name: profile.name, preferred_language: profile.preferredLanguage,
      email_verified: profile.emailVerifiedAt !== null, notify_results_by_email: profile.notifyResultsByEmail, roles: rolesOf(db, user.id), created_at: user.createdAt,
    };
  }
  function mailRequestFor(c: Context<AppEnv>, email: string) {
    mailLimiter.hit(`${email}|${clientIp(c, deps.trustForwardedFor)}`);
    return repository.findUserByEmail(email);
  }

  app.post("/v1/auth/email/verify", async (c) => {
    const { token } = await readJson(c, VerifyEmailRequestSchema);
    const verified = uow.run((tx, emit) => {
      const userId = spendMailedToken(tx, token, "email_verification");
      const user = userId ? repository.findUserById(userId) : undefined;
      if (!user) return undefined;
      const before = profileOf(tx, user.id);
      if (before.emailVerifiedAt === null) {
        saveProfile(tx, user.id, { emailVerifiedAt: new Date().toISOString() });
        requestMail(emit, {
          template: "welcome", language: before.preferredLanguage, to: user.email, userId: user.id, correlationId: c.var.correlationId,
          variables: { ...(before.name ? { name: before.name } : {}), app_url: links.appUrl },
        });
      }
      return user;
    });
    if (!verified) throw TOKEN_INVALID();
    logger.info("e-mail verified", { user_id: verified.id, correlation_id: c.var.correlationId });
    return c.json(profileView(verified));
  });

  app.post("/v1/auth/email/verify/resend", async (c) => {
    const { email } = await readJson(c, EmailOnlyRequestSchema);
    const user = mailRequestFor(c, email);
    if (user) {
      uow.run((tx, emit) => {
        const profile = profileOf(tx, user.id);
        if (profile.emailVerifiedAt !== null) return;
        const token = issueMailedToken(tx, user.id, "email_verification", links.verificationTtlHours * 3600_000);
        requestMail(emit, {
          template: "verification", language: profile.preferredLanguage, to: user.email, userId: user.id, correlationId: c.var.correlationId,
          variables: { ...(profile.name ? { name: profile.name } : {}), token, verify_url: `${links.appUrl}/verify-email?token=${token}`, expires_hours: String(links.verificationTtlHours) },
        });
      });
    }
    return c.json(ACCEPTED, 202);
  });

  app.post("/v1/auth/password/forgot", async (c) => {
    const { email } = await readJson(c, EmailOnlyRequestSchema);
    const user = mailRequestFor(c, email);
    if (user) {
      uow.run((tx, emit) => {
        const profile = profileOf(tx, user.id);
        const token = issueMailedToken(tx, user.id, "password_reset", links.resetTtlMinutes * 60_000);
        requestMail(emit, {
          template: "password_reset", language: profile.preferredLanguage, to: user.email, userId: user.id, correlationId: c.var.correlationId,
          variables: { ...(profile.name ? { name: profile.name } : {}), token, reset_url: `${links.appUrl}/reset-password?token=${token}`, expires_minutes: String(links.resetTtlMinutes) },
        });
      });
      logger.info("password reset requested", { user_id: user.id, correlation_id: c.var.correlationId });
    }
    return c.json(ACCEPTED, 202);
  });

  app.post("/v1/auth/password/reset", async (c) => {
    const { token, password } = await readJson(c, ResetPasswordRequestSchema);
    const passwordHash = await hash(password);
    const outcome = uow.run((tx) => {
      const userId = spendMailedToken(tx, token, "password_reset");
      const user = userId ? repository.findUserById(userId) : undefined;
      if (!user) return undefined;
      setPasswordHash(tx, user.id, passwordHash);
      clearLoginFailures(tx, user.email);
      // Whoever read the mail owns the mailbox, so the address counts as verified too.
      if (profileOf(tx, user.id).emailVerifiedAt === null) saveProfile(tx, user.id, { emailVerifiedAt: new Date().toISOString() });
      return { user, revoked: revokeAllSessions(tx, user.id, Date.now()) };
    });
    if (!outcome) throw TOKEN_INVALID();
    logger.info("password reset; every session revoked", { user_id: outcome.user.id, sessions_revoked: outcome.revoked, correlation_id: c.var.correlationId });
    return c.json({ status: "password_changed" as const, sessions_revoked: outcome.revoked });
  });

  app.post("/v1/auth/password/change", async (c) => {
    const { user, sessionId } = await caller(c);
    const body = await readJson(c, ChangePasswordRequestSchema);
    if (!(await Bun.password.verify(body.current_password, user.passwordHash))) {
      throw new HuleEduError("AUTHENTICATION_ERROR", "The current password is wrong", { reason: "current_password_wrong" });
    }
    const passwordHash = await hash(body.new_password);
    const revoked = uow.run((tx) => {
      setPasswordHash(tx, user.id, passwordHash);
      return revokeAllSessions(tx, user.id, Date.now(), sessionId);
    });
    logger.info("password changed; other sessions revoked", { user_id: user.id, sessions_revoked: revoked, correlation_id: c.var.correlationId });
    return c.json({ status: "password_changed" as const, sessions_revoked: revoked });
  });

  app.post("/v1/auth/logout", async (c) => {
    const { user, sessionId } = await caller(c);
    if (sessionId) revokeSession(db, user.id, sessionId, Date.now());
    return c.body(null, 204);
  });

  app.post("/v1/auth/logout-all", async (c) => {
    const { user } = await caller(c);
    const revoked = revokeAllSessions(db, user.id, Date.now());
    logger.info("signed out everywhere", { user_id: user.id, sessions_revoked: revoked, correlation_id: c.var.correlationId });
    return c.body(null, 204);
  });

  app.get("/v1/auth/sessions", async (c) => {
    const { user, sessionId } = await caller(c);
    const sessions = activeSessions(db, user.id).map((s) => ({
      session_id: s.familyId, created_at: new Date(s.createdAt).toISOString(), last_used_at: new Date(s.lastUsedAt).toISOString(),
      user_agent: s.userAgent, current: s.familyId === sessionId,
    }));
    return c.json({ sessions });
  });

  app.delete("/v1/auth/sessions/:session_id", async (c) => {
    const { user } = await caller(c);
    const { session_id } = readParams(c, SessionParamsSchema);
    if (!revokeSession(db, user.id, session_id, Date.now())) throw new HuleEduError("RESOURCE_NOT_FOUND", "No such session", { session_id });
    return c.body(null, 204);
  });

  app.get("/v1/auth/profile", async (c) => c.json(profileView((await caller(c)).user)));

  app.patch("/v1/auth/profile", async (c) => {
    const { user } = await caller(c);
    const body = await readJson(c, ProfileUpdateSchema);
    saveProfile(db, user.id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.preferred_language ? { preferredLanguage: body.preferred_language } : {}),
      ...(body.notify_results_by_email !== undefined ? { notifyResultsByEmail: body.notify_results_by_email } : {}),
    });
    return c.json(profileView(user));
  });

  app.post("/internal/v1/users/roles", async (c) => {
    const { email, role } = await readJson(c, GrantRoleRequestSchema);
    const user = repository.findUserByEmail(email);
    if (!user) throw new HuleEduError("RESOURCE_NOT_FOUND", "No user with that e-mail", { reason: "user_not_found" });
    grantRole(db, user.id, role);
    logger.info("role granted", { user_id: user.id, role, correlation_id: c.var.correlationId });
    return c.json(profileView(user));
  });
}
