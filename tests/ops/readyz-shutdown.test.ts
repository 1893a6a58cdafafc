import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tempDir } from "../../shared/testing/temp-dir.ts";

// A load balancer must see "not ready" as soon as a process is told to stop, while it still answers,
// so it stops sending new work before the listener closes.
const ROOT = resolve(import.meta.dir, "../..");

test("after SIGTERM /readyz answers 503 while the listener still answers, then the process exits cleanly", async () => {
  const dir = tempDir("huleedu-readyz-");
  const portFile = join(dir.path, "port");
  const proc = Bun.spawn(["bun", join(ROOT, "services/content-service/src/main.ts")], {
    cwd: ROOT, stdout: "ignore", stderr: "ignore",
    env: {
      ...process.env, CONTENT_SERVICE_HTTP_PORT: "0", HULEEDU_PORT_FILE: portFile, HULEEDU_DATA_DIR: dir.path,
      HULEEDU_INTERNAL_API_KEY: "readyz-test", HULEEDU_SHUTDOWN_DRAIN_MS: "1500", LOG_LEVEL: "warn",
    },
  });
  try {
    const deadline = Date.now() + 20_000;
    while (!existsSync(portFile)) {
      if (Date.now() > deadline || proc.exitCode !== null) throw new Error("content-service did not start");
      await Bun.sleep(50);
    }
    const url = `http://127.0.0.1:${readFileSync(portFile, "utf8")}`;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    proc.kill("SIGTERM");
    await Bun.sleep(200);
    const during = await fetch(`${url}/readyz`);
    expect(during.status).toBe(503);
    expect(((await during.json()) as { status: string }).status).toBe("shutting_down");
    expect((await fetch(`${url}/healthz`)).status).toBe(200); // still alive, just not taking new work
    expect(await proc.exited).toBe(0);
  } finally {
    proc.kill("SIGKILL");
    dir.remove();
  }
}, 40_000);
