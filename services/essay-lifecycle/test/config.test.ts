import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { loadEssayLifecycleConfig, resolveRole } from "../src/config.ts";

describe("config and role", () => {
  test("defaults: api on 6000, worker health on 6001, database under the data dir", () => {
    const config = loadEssayLifecycleConfig({ HULEEDU_DATA_DIR: "/data" });
    expect(config.HTTP_PORT).toBe(6000);
    expect(config.WORKER_HTTP_PORT).toBe(6001);
    expect(config.dbPath).toBe("/data/essay-lifecycle/essay-lifecycle.sqlite");
  });

  test("the role comes from the argument, else ELS_ROLE; it is required and checked", () => {
    const withEnv = loadEssayLifecycleConfig({ ELS_ROLE: "worker" });
    expect(resolveRole([], withEnv)).toBe("worker");
    expect(resolveRole(["api"], withEnv)).toBe("api");
    expect(() => resolveRole([], loadEssayLifecycleConfig({}))).toThrow(/needs a role/);
    expect(() => resolveRole(["both"], withEnv)).toThrow(/must be api or worker/);
    expect(() => loadEssayLifecycleConfig({ ELS_ROLE: "both" })).toThrow(/ELS_ROLE/);
  });

  test("main.ts without a role exits 1 with the reason", async () => {
    const proc = Bun.spawn(["bun", join(import.meta.dir, "../src/main.ts")], {
      env: { ...process.env, ELS_ROLE: "" }, stdout: "pipe", stderr: "pipe",
    });
    expect(await proc.exited).toBe(1);
    expect(await new Response(proc.stdout).text()).toContain("needs a role");
  });
});
