import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  /** Lower-cased and trimmed; unique. */
  email: text("email").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  orgId: text("org_id"),
  createdAt: text("created_at").notNull(),
});

/** Opaque refresh tokens, stored only as SHA-256; one family per login, rotated on every use. */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    familyId: text("family_id").notNull(),
    expiresAt: integer("expires_at").notNull(),
    createdAt: integer("created_at").notNull(),
    usedAt: integer("used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("refresh_tokens_family_idx").on(t.familyId)],
);

/** Fixed-window attempt counters (login per e-mail+IP, registration per IP). */
export const rateLimitWindows = sqliteTable("rate_limit_windows", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});
