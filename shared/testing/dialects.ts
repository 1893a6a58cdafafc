import { afterAll, beforeAll, describe } from "bun:test";
import { join } from "node:path";
import type { Dialect } from "../db/dialect.ts";
import { postgresAvailable, startPostgres, type TestPostgres } from "./postgres.ts";
import { tempDir } from "./temp-dir.ts";

export interface TestDatabases {
  dialect: Dialect;
  /**
   * Env vars that put a service (env prefix, e.g. "CONTENT_SERVICE_") on a fresh, empty database of
   * this dialect: `<PREFIX>DB_PATH` on SQLite, `<PREFIX>DATABASE_URL` on PostgreSQL. Call it in (or
   * after) `beforeAll`; each call is a new database, the same env twice is the same database.
   */
  env(prefix: string): Promise<Record<string, string>>;
}

const ALL: readonly Dialect[] = ["sqlite", "postgres"];

/**
 * The dialects a run covers: `HULEEDU_TEST_DIALECTS=sqlite` (or `postgres`) narrows it; PostgreSQL is
 * skipped when its binaries are missing unless `HULEEDU_REQUIRE_POSTGRES=1` (CI), which fails instead.
 */
function selected(): { dialect: Dialect; skip: boolean }[] {
  const wanted = (process.env.HULEEDU_TEST_DIALECTS ?? ALL.join(",")).split(",").map((s) => s.trim());
  const required = process.env.HULEEDU_REQUIRE_POSTGRES === "1";
  return ALL.filter((d) => wanted.includes(d)).map((dialect) => ({
    dialect, skip: dialect === "postgres" && !required && !postgresAvailable(),
  }));
}

/**
 * Run the same suite once per database dialect: `[sqlite] …` on files in a temp dir, `[postgres] …`
 * on a real PostgreSQL started for the suite (see startPostgres). The body registers its own hooks
 * and tests, exactly as it would inside a plain `describe`.
 * @example describeEachDialect("content service", (dbs) => { beforeAll(async () => { env = await dbs.env("CONTENT_SERVICE_") }) ... })
 */
export function describeEachDialect(name: string, body: (databases: TestDatabases) => void): void {
  for (const { dialect, skip } of selected()) {
    (skip ? describe.skip : describe)(`[${dialect}] ${name}`, () => {
      body(dialect === "sqlite" ? sqliteDatabases() : postgresDatabases());
    });
  }
}

function sqliteDatabases(): TestDatabases {
  const dir = tempDir("huleedu-dialect-");
  let n = 0;
  afterAll(() => dir.remove());
  return { dialect: "sqlite", env: async (prefix) => ({ [`${prefix}DB_PATH`]: join(dir.path, `db-${++n}.sqlite`) }) };
}

function postgresDatabases(): TestDatabases {
  let server: Promise<TestPostgres> | undefined;
  beforeAll(async () => {
    server ??= startPostgres();
    await server;
  }, 60_000);
  afterAll(async () => {
    await (await server)?.stop();
  });
  return {
    dialect: "postgres",
    async env(prefix) {
      server ??= startPostgres();
      return { [`${prefix}DATABASE_URL`]: await (await server).createDatabase() };
    },
  };
}
