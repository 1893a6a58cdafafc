// A real ELS worker process (`bun src/main.ts worker`), for tests where several processes share
// one database file and consumer group.
import { join } from "node:path";
import type { Subprocess } from "bun";
import { freePort } from "@shared/testing/ports.ts";
import { waitFor } from "./els-harness.ts";

const MAIN = join(import.meta.dir, "../../src/main.ts");

export interface WorkerProcess {
  /** Parsed JSON log lines written so far. */
  lines: Record<string, unknown>[];
  stop(): Promise<void>;
}

export async function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const port = await freePort();
  const proc: Subprocess<"ignore", "pipe", "inherit"> = Bun.spawn(["bun", MAIN, "worker"], {
    env: { ...process.env, ...env, ELS_WORKER_HTTP_PORT: String(port), LOG_LEVEL: "info" },
    stdin: "ignore", stdout: "pipe", stderr: "inherit",
  });
  const lines: Record<string, unknown>[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffered = "";
    const reader = proc.stdout.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          lines.push({ level: "raw", msg: line });
        }
      }
    }
  })();
  await waitFor("worker process ready", async () => {
    if (proc.exitCode !== null) throw new Error(`worker exited with ${proc.exitCode}: ${JSON.stringify(lines.slice(-3))}`);
    try {
      return (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200;
    } catch {
      return false;
    }
  });
  return {
    lines,
    async stop() {
      proc.kill("SIGTERM");
      await proc.exited;
      await reading;
    },
  };
}
