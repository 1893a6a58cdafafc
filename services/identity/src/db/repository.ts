import { and, eq, gt, isNull, like, lt, sql } from "drizzle-orm";
import type { Db } from "@shared/db/database.ts";
import { rateLimitWindows, refreshTokens, users } from "./schema.ts";

export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  orgId: string | null;
  createdAt: string;
}

export type RefreshConsumption =
  | { outcome: "rotated"; userId: string; familyId: string }
  /** The token was already used: someone replayed it, so its whole family is revoked. */
  | { outcome: "reused"; userId: string; familyId: string }
  | { outcome: "invalid" };

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && /UNIQUE constraint failed/.test(err.message);
}

/** Users, refresh tokens and attempt counters; the only module that speaks SQL for identity. */
export function createIdentityRepository(db: Db) {
  return {
    /** Insert a user; false when the e-mail is taken. */
    insertUser(user: UserRecord): boolean {
      try {
        db.insert(users).values(user).run();
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },
    findUserByEmail(email: string): UserRecord | undefined {
      return db.select().from(users).where(eq(users.email, email)).get();
    },
    findUserById(id: string): UserRecord | undefined {
      return db.select().from(users).where(eq(users.id, id)).get();
    },

    insertRefreshToken(row: { tokenHash: string; userId: string; familyId: string; expiresAt: number; createdAt: number }): void {
      db.insert(refreshTokens).values(row).run();
    },
    /**
     * Mark a refresh token used, atomically: of two concurrent uses only one rotates.
     * A token presented again after use revokes its family (theft detection).
     */
    consumeRefreshToken(tokenHash: string, now: number): RefreshConsumption {
      return db.transaction((tx) => {
        const used = tx
          .update(refreshTokens)
          .set({ usedAt: now })
          .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, now)))
          .returning({ userId: refreshTokens.userId, familyId: refreshTokens.familyId })
          .get();
        if (used) return { outcome: "rotated", ...used };
        const known = tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).get();
        if (!known || known.usedAt === null) return { outcome: "invalid" };
        tx.update(refreshTokens).set({ revokedAt: now }).where(and(eq(refreshTokens.familyId, known.familyId), isNull(refreshTokens.revokedAt))).run();
        return { outcome: "reused", userId: known.userId, familyId: known.familyId };
      });
    },

    /**
     * Count one attempt at `at` in the key's window: a window opens at the first attempt and lasts
     * `windowMs`; an attempt after it has ended opens a new one. Returns the count and the window's start.
     */
    countAttempt(key: string, at: number, windowMs: number): { count: number; windowStart: number } {
      const open = sql`${rateLimitWindows.windowStart} + ${windowMs} > excluded.window_start`;
      const row = db
        .insert(rateLimitWindows)
        .values({ key, windowStart: at, count: 1 })
        .onConflictDoUpdate({
          target: rateLimitWindows.key,
          set: {
            count: sql`CASE WHEN ${open} THEN ${rateLimitWindows.count} + 1 ELSE 1 END`,
            windowStart: sql`CASE WHEN ${open} THEN ${rateLimitWindows.windowStart} ELSE excluded.window_start END`,
          },
        })
        .returning({ count: rateLimitWindows.count, windowStart: rateLimitWindows.windowStart })
        .get();
      return row ?? { count: 1, windowStart: at };
    },
    clearAttempts(key: string): void {
      db.delete(rateLimitWindows).where(eq(rateLimitWindows.key, key)).run();
    },
    /** Drop windows of one limiter (keys share a `<scope>:` prefix) that opened before `olderThan`. */
    pruneAttempts(scope: string, olderThan: number): void {
      db.delete(rateLimitWindows).where(and(like(rateLimitWindows.key, `${scope}:%`), lt(rateLimitWindows.windowStart, olderThan))).run();
    },
  };
}
export type IdentityRepository = ReturnType<typeof createIdentityRepository>;
