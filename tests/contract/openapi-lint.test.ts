import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

// Every committed OpenAPI document lints clean with @redocly/cli's recommended rules (0 errors).
const ROOT = resolve(import.meta.dir, "../..");
const documents = readdirSync(join(ROOT, "openapi")).filter((f) => f.endsWith(".json")).map((f) => join("openapi", f));

test("redocly lint: 0 errors in every openapi/*.json", () => {
  const run = Bun.spawnSync([join(ROOT, "node_modules/.bin/redocly"), "lint", "--format=summary", ...documents], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  const output = run.stdout.toString() + run.stderr.toString();
  const errors = output.split("\n").filter((l) => l.startsWith("error"));
  expect(errors).toEqual([]);
  expect(run.exitCode).toBe(0);
}, 60_000);

interface Operation { security?: unknown[]; parameters?: { name: string; in: string; schema?: { type?: string } }[] }
const gateway = JSON.parse(readFileSync(join(ROOT, "openapi/api-gateway.json"), "utf8")) as { servers?: unknown[]; paths: Record<string, Record<string, Operation>> };

test("public routes say so with security: [], the Idempotency-Key header is declared, limit/offset are integers", () => {
  expect(gateway.servers?.length).toBeGreaterThan(0);
  expect(gateway.paths["/v1/auth/login"]?.post?.security).toEqual([]);
  for (const [path, method] of [["/v1/batches/register", "post"], ["/v1/files/batch", "post"]] as const) {
    expect(gateway.paths[path]?.[method]?.parameters?.find((p) => p.name === "Idempotency-Key")?.in).toBe("header");
  }
  const list = gateway.paths["/v1/batches"]?.get?.parameters ?? [];
  expect(list.filter((p) => p.name === "limit" || p.name === "offset").map((p) => p.schema?.type)).toEqual(["integer", "integer"]);
});
