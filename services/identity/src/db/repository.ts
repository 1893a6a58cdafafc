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

    /** Count one attempt in the fixed window starting at `windowStart`; returns the count so far. */
    countAttempt(key: string, windowStart: number): number {
      const row = db
        .insert(rateLimitWindows)
        .values({ key, windowStart, count: 1 })
        .onConflictDoUpdate({
          target: rateLimitWindows.key,
          set: {
            count: sql`CASE WHEN ${rateLimitWindows.windowStart} = excluded.window_start THEN ${rateLimitWindows.count} + 1 ELSE 1 END`,
            windowStart: sql`excluded.window_start`,
          },
        })
        .returning({ count: rateLimitWindows.count })
        .get();
      return row?.count ?? 1;
    },
    clearAttempts(key: string): void {
      db.delete(rateLimitWindows).where(eq(rateLimitWindows.key, key)).run();
    },
    /** Drop finished windows of one limiter (keys share a `<scope>:` prefix). */
    pruneAttempts(scope: string, olderThan: number): void {
      db.delete(rateLimitWindows).where(and(like(rateLimitWindows.key, `${scope}:%`), lt(rateLimitWindows.windowStart, olderThan))).run();
    },
  };
}
export type IdentityRepository = ReturnType<typeof createIdentityRepository>;
