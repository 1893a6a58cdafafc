import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enumCheck } from "../../../../shared/db/schema.ts";

export const PROFILE_LANGUAGES = ["sv", "en"] as const;
export const USER_ROLES = ["admin"] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const ONE_TIME_PURPOSES = ["email_verification", "password_reset"] as const;
export type OneTimePurpose = (typeof ONE_TIME_PURPOSES)[number];

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

// --- account lifecycle (issue 11) ---
// Relative imports only: drizzle-kit does not resolve the `@shared` alias.
export { outbox, processedEvents } from "../../../../shared/db/schema.ts";

/** Profile, verification state and preferred language, one row per user (created lazily). */
export const userProfiles = sqliteTable(
  "user_profiles",
  {
    userId: text("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
    name: text("name"),
    preferredLanguage: text("preferred_language").$type<"sv" | "en">().notNull().default("sv"),
    emailVerifiedAt: text("email_verified_at"),
    /** Mail the user when a pipeline run of their batch ends (they can turn it off). */
    notifyResultsByEmail: integer("notify_results_by_email", { mode: "boolean" }).notNull().default(true),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [enumCheck("user_profiles_language_check", t.preferredLanguage, PROFILE_LANGUAGES)],
);

/** Roles granted by an operator (`./huleedu admin grant-role`); carried in the access token. */
export const userRoles = sqliteTable(
  "user_roles",
  {
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
    grantedAt: text("granted_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] }), enumCheck("user_roles_role_check", t.role, USER_ROLES)],
);

/** A sign-in = one refresh-token family; revoking it signs that device out. */
export const sessions = sqliteTable(
  "sessions",
  {
    familyId: text("family_id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at").notNull(),
    userAgent: text("user_agent"),
    clientIp: text("client_ip"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Single-use tokens mailed to the user (verification, password reset), stored as SHA-256. */
export const oneTimeTokens = sqliteTable(
  "one_time_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose").$type<OneTimePurpose>().notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("one_time_tokens_user_idx").on(t.userId, t.purpose), enumCheck("one_time_tokens_purpose_check", t.purpose, ONE_TIME_PURPOSES)],
);

/** Consecutive failed logins per e-mail (registered or not, so a lockout reveals nothing). */
export const loginFailures = sqliteTable("login_failures", {
  email: text("email").primaryKey(),
  failures: integer("failures").notNull(),
  lockedUntil: integer("locked_until").notNull(),
  lastFailureAt: integer("last_failure_at").notNull(),
});
