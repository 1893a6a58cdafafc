import { and, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import type { MailRecipient } from "../domain/batch-mails.ts";
import { loginFailures, oneTimeTokens, refreshTokens, sessions, userProfiles, userRoles, users, type OneTimePurpose, type UserRole } from "./schema.ts";

export interface Profile {
  name: string | null;
  preferredLanguage: "sv" | "en";
  emailVerifiedAt: string | null;
  notifyResultsByEmail: boolean;
}

/** Profiles, roles, sessions, mailed tokens and login failures; SQL for the account lifecycle. */
export function profileOf(db: DbOrTx, userId: string): Profile {
  const row = db.select().from(userProfiles).where(eq(userProfiles.userId, userId)).get();
  return { name: row?.name ?? null, preferredLanguage: row?.preferredLanguage ?? "sv", emailVerifiedAt: row?.emailVerifiedAt ?? null,
    notifyResultsByEmail: row?.notifyResultsByEmail ?? true };
}

/** A user's address and mail settings in one read (undefined for an unknown user). */
export function mailRecipientOf(db: DbOrTx, userId: string): MailRecipient | undefined {
  const user = db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId)).get();
  if (!user) return undefined;
  const profile = profileOf(db, user.id);
  return {
    userId: user.id, email: user.email, name: profile.name, language: profile.preferredLanguage,
    verified: profile.emailVerifiedAt !== null, notifyResultsByEmail: profile.notifyResultsByEmail,
  };
}

export function saveProfile(db: DbOrTx, userId: string, change: Partial<Profile>): Profile {
  const next = { ...profileOf(db, userId), ...change };
  const values = { userId, name: next.name, preferredLanguage: next.preferredLanguage, emailVerifiedAt: next.emailVerifiedAt,
    notifyResultsByEmail: next.notifyResultsByEmail, updatedAt: new Date().toISOString() };
  db.insert(userProfiles).values(values).onConflictDoUpdate({ target: userProfiles.userId, set: values }).run();
  return next;
}

export function rolesOf(db: DbOrTx, userId: string): UserRole[] {
  return db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).all().map((r) => r.role as UserRole);
}

export function grantRole(db: DbOrTx, userId: string, role: UserRole): void {
  db.insert(userRoles).values({ userId, role, grantedAt: new Date().toISOString() }).onConflictDoNothing().run();
}

// --- sessions (refresh-token families) ---

export function touchSession(db: DbOrTx, session: { familyId: string; userId: string; userAgent: string | null; clientIp: string | null }, now: number): void {
  db.insert(sessions)
    .values({ ...session, createdAt: now, lastUsedAt: now })
    .onConflictDoUpdate({ target: sessions.familyId, set: { lastUsedAt: now, clientIp: session.clientIp } })
    .run();
}

export function activeSessions(db: DbOrTx, userId: string) {
  return db.select().from(sessions).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt))).orderBy(desc(sessions.lastUsedAt)).all();
}

export function isSessionActive(db: DbOrTx, familyId: string): boolean {
  return db.select({ id: sessions.familyId }).from(sessions).where(and(eq(sessions.familyId, familyId), isNull(sessions.revokedAt))).get() !== undefined;
}

/** Revoke one session of a user (false when it is not theirs or already gone). */
export function revokeSession(db: DbOrTx, userId: string, familyId: string, now: number): boolean {
  const revoked = db.update(sessions).set({ revokedAt: now })
    .where(and(eq(sessions.familyId, familyId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.familyId }).all();
  db.update(refreshTokens).set({ revokedAt: now }).where(and(eq(refreshTokens.familyId, familyId), eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt))).run();
  return revoked.length > 0;
}

/** Revoke every session (and refresh token) of a user, except `keep` when given. */
export function revokeAllSessions(db: DbOrTx, userId: string, now: number, keep?: string): number {
  const sessionFilter = keep ? and(eq(sessions.userId, userId), isNull(sessions.revokedAt), ne(sessions.familyId, keep)) : and(eq(sessions.userId, userId), isNull(sessions.revokedAt));
  const tokenFilter = keep ? and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt), ne(refreshTokens.familyId, keep)) : and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt));
  const count = db.update(sessions).set({ revokedAt: now }).where(sessionFilter).returning({ id: sessions.familyId }).all().length;
  db.update(refreshTokens).set({ revokedAt: now }).where(tokenFilter).run();
  return count;
}

// --- single-use mailed tokens ---

/** Store a new token; earlier unused tokens of the same purpose stop working (only the latest mail counts). */
export function storeOneTimeToken(db: DbOrTx, row: { tokenHash: string; userId: string; purpose: OneTimePurpose; expiresAt: number }, now: number): void {
  db.update(oneTimeTokens).set({ usedAt: now }).where(and(eq(oneTimeTokens.userId, row.userId), eq(oneTimeTokens.purpose, row.purpose), isNull(oneTimeTokens.usedAt))).run();
  db.insert(oneTimeTokens).values({ ...row, createdAt: now }).run();
}

/** Spend a token atomically: the user id when it was valid, unused and unexpired; undefined otherwise. */
export function spendOneTimeToken(db: DbOrTx, tokenHash: string, purpose: OneTimePurpose, now: number): string | undefined {
  return db.update(oneTimeTokens).set({ usedAt: now })
    .where(and(eq(oneTimeTokens.tokenHash, tokenHash), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, now)))
    .returning({ userId: oneTimeTokens.userId }).get()?.userId;
}

// --- login failures ---

export function lockedUntil(db: DbOrTx, email: string): number {
  return db.select({ until: loginFailures.lockedUntil }).from(loginFailures).where(eq(loginFailures.email, email)).get()?.until ?? 0;
}

/** Count one more consecutive failure; returns the new count. */
export function recordLoginFailure(db: DbOrTx, email: string, now: number): number {
  const row = db.insert(loginFailures).values({ email, failures: 1, lockedUntil: 0, lastFailureAt: now })
    .onConflictDoUpdate({ target: loginFailures.email, set: { failures: sql`${loginFailures.failures} + 1`, lastFailureAt: now } })
    .returning({ failures: loginFailures.failures }).get();
  return row?.failures ?? 1;
}

export function lockLogin(db: DbOrTx, email: string, until: number): void {
  db.update(loginFailures).set({ lockedUntil: until }).where(eq(loginFailures.email, email)).run();
}

export function clearLoginFailures(db: DbOrTx, email: string): void {
  db.delete(loginFailures).where(eq(loginFailures.email, email)).run();
}

export function setPasswordHash(db: DbOrTx, userId: string, passwordHash: string): void {
  db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
}
