import { expect, test } from "bun:test";
import { ConfigError } from "../config/load-config.ts";
import { databaseTarget, describeTarget } from "./dialect.ts";

const file = ".data/x/x.sqlite";

test("SQLite by default; DATABASE_URL or <PREFIX>DATABASE_URL selects PostgreSQL, the service's own winning", () => {
  expect(databaseTarget({}, "X_", file)).toEqual({ dialect: "sqlite", path: file });
  expect(databaseTarget({ DATABASE_URL: "" }, "X_", file)).toEqual({ dialect: "sqlite", path: file });
  expect(databaseTarget({ DATABASE_URL: "postgres://h/shared" }, "X_", file)).toEqual({ dialect: "postgres", url: "postgres://h/shared" });
  expect(databaseTarget({ DATABASE_URL: "postgres://h/shared", X_DATABASE_URL: "postgresql://h/own" }, "X_", file))
    .toEqual({ dialect: "postgres", url: "postgresql://h/own" });
  expect(databaseTarget({ DATABASE_URL: "postgres://h/shared", X_DATABASE_URL: "sqlite" }, "X_", file)).toEqual({ dialect: "sqlite", path: file });
});

test("a URL that is not PostgreSQL fails fast, naming the variable", () => {
  expect(() => databaseTarget({ X_DATABASE_URL: "mysql://h/db" }, "X_", file)).toThrow(ConfigError);
  expect(() => databaseTarget({ DATABASE_URL: "nope" }, "X_", file)).toThrow("DATABASE_URL: must be a postgres:// or postgresql:// URL");
});

test("logs never show the password", () => {
  expect(describeTarget({ dialect: "postgres", url: "postgres://app:secret@db:5432/content" })).toBe("postgres://***@db:5432/content");
});
