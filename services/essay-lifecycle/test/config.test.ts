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

  test("phase deadlines: 900 s per essay phase, 3600 s for CJ, swept every 15 s; fractions allowed, zero refused", () => {
    const defaults = loadEssayLifecycleConfig({});
    expect([defaults.PHASE_TIMEOUT_SECONDS, defaults.CJ_PHASE_TIMEOUT_SECONDS, defaults.PHASE_SWEEP_SECONDS]).toEqual([900, 3600, 15]);
    const tiny = loadEssayLifecycleConfig({ ELS_PHASE_TIMEOUT_SECONDS: "1.5", ELS_CJ_PHASE_TIMEOUT_SECONDS: "2", ELS_PHASE_SWEEP_SECONDS: "0.1" });
    expect([tiny.PHASE_TIMEOUT_SECONDS, tiny.CJ_PHASE_TIMEOUT_SECONDS, tiny.PHASE_SWEEP_SECONDS]).toEqual([1.5, 2, 0.1]);
    expect(() => loadEssayLifecycleConfig({ ELS_PHASE_TIMEOUT_SECONDS: "0" })).toThrow(/ELS_PHASE_TIMEOUT_SECONDS/);
    expect(() => loadEssayLifecycleConfig({ ELS_CJ_PHASE_TIMEOUT_SECONDS: "soon" })).toThrow(/ELS_CJ_PHASE_TIMEOUT_SECONDS/);
    expect(() => loadEssayLifecycleConfig({ ELS_PHASE_SWEEP_SECONDS: "-1" })).toThrow(/ELS_PHASE_SWEEP_SECONDS/);
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
