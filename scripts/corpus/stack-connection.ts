// Where the runner sends its batches: a stack already answering at the base URL, or one it starts
// itself with the launcher (free ports, a throwaway Redis, temp SQLite files, logs to a file).
import { join } from "node:path";
import { startStack, type Stack } from "../stack/launcher.ts";
import { startRedis, type TestRedis } from "../../shared/testing/redis.ts";
import { tempDir } from "../../shared/testing/temp-dir.ts";
import { siblingUrl } from "./runner-options.ts";

export interface StackConnection {
  gatewayUrl: string;
  identityUrl: string;
  /** The LLM provider, read for cost figures only (not the public API). */
  lpsUrl: string;
  /** True when the runner started the stack (and will stop it). */
  started: boolean;
  logFile?: string;
  /** Stop a stack the runner started; its temp dir (and log) is kept when `keepLogs` or HULEEDU_CORPUS_KEEP=1. */
  stop(keepLogs?: boolean): Promise<void>;
}

/** Settings for a stack the runner starts: a fast bus, and polling allowed well past a teacher's rate. */
export const RUNNER_STACK_ENV = {
  HULEEDU_BUS_BLOCK_MS: "100",
  HULEEDU_BUS_RECLAIM_IDLE_MS: "5000",
  HULEEDU_OUTBOX_POLL_MS: "100",
  LOG_LEVEL: "warn",
  API_GATEWAY_RATE_LIMIT_PER_MINUTE: "100000",
};

/** The service name a /healthz answers with, or undefined when nothing answers. */
export async function healthzService(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1500) });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { service?: unknown };
    return typeof body.service === "string" ? body.service : undefined;
  } catch {
    return undefined;
  }
}

export async function connectStack(options: { baseUrl: string; identityUrl?: string; lpsUrl?: string; say: (line: string) => void }): Promise<StackConnection> {
  const gateway = options.baseUrl.replace(/\/+$/, "");
  const answeredBy = await healthzService(gateway);
  if (answeredBy === "api-gateway") {
    const identityUrl = options.identityUrl ?? siblingUrl(gateway, 7005);
    if ((await healthzService(identityUrl)) !== "identity") throw new Error(`a gateway answers at ${gateway} but no identity service at ${identityUrl} (give --identity-url)`);
    options.say(`using the running stack at ${gateway}`);
    return { gatewayUrl: gateway, identityUrl, lpsUrl: options.lpsUrl ?? siblingUrl(gateway, 8090), started: false, stop: async () => undefined };
  }
  if (answeredBy) throw new Error(`${gateway} is answered by ${answeredBy}, not the api-gateway`);
  options.say(`no stack answers at ${gateway}; starting one (free ports, throwaway Redis, temp data)`);
  const redis: TestRedis = await startRedis();
  const dir = tempDir("huleedu-corpus-");
  const logFile = join(dir.path, "services.log");
  let stack: Stack;
  try {
    stack = await startStack({ showLogs: false, logFile, redisUrl: redis.url, dataDir: dir.path, freePorts: true, extraEnv: RUNNER_STACK_ENV });
  } catch (err) {
    await redis.stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)} (service logs: ${logFile})`);
  }
  options.say(`stack up: ${stack.started.length} processes; service logs in ${logFile}`);
  return {
    gatewayUrl: stack.urls["api-gateway"] as string, identityUrl: stack.urls.identity as string, lpsUrl: stack.urls["llm-provider"] as string,
    started: true, logFile,
    async stop(keepLogs = false) {
      await stack.stop();
      await redis.stop();
      if (!keepLogs && process.env.HULEEDU_CORPUS_KEEP !== "1") dir.remove();
    },
  };
}
