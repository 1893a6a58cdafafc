import * as v from "valibot";
import { ConfigError } from "../config/load-config.ts";

/** Where a service keeps its state: an embedded SQLite file (the default) or a PostgreSQL database. */
export type DatabaseTarget = { dialect: "sqlite"; path: string } | { dialect: "postgres"; url: string };
export type Dialect = DatabaseTarget["dialect"];

const PostgresUrlSchema = v.pipe(
  v.string(),
  v.regex(/^postgres(ql)?:\/\/[^\s]+$/, "must be a postgres:// or postgresql:// URL"),
);

/**
 * Pick a service's database from its environment: `<PREFIX>DATABASE_URL`, else `DATABASE_URL`, selects
 * PostgreSQL; with neither set the service stays on its SQLite file. The service's own variable wins, so
 * services can use different databases, and `<PREFIX>DATABASE_URL=sqlite` keeps one service on its
 * file while `DATABASE_URL` moves the others.
 * @example databaseTarget(env, "CONTENT_SERVICE_", ".data/content-service/content.sqlite")
 */
export function databaseTarget(env: Record<string, string | undefined>, prefix: string, sqlitePath: string): DatabaseTarget {
  const own = env[`${prefix}DATABASE_URL`];
  if (own === "sqlite") return { dialect: "sqlite", path: sqlitePath };
  const name = own ? `${prefix}DATABASE_URL` : "DATABASE_URL";
  const url = own || env.DATABASE_URL;
  if (!url) return { dialect: "sqlite", path: sqlitePath };
  const parsed = v.safeParse(PostgresUrlSchema, url);
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n  ${name}: ${parsed.issues[0]?.message ?? "invalid"}`);
  return { dialect: "postgres", url: parsed.output };
}

/** The target without credentials, for logs. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.dialect === "sqlite") return `sqlite:${target.path}`;
  return target.url.replace(/\/\/[^@/]*@/, "//***@");
}
