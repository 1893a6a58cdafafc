import { createLogger, type LogLevel } from "@shared/observability/logger.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { IN_PROCESS_STARTERS } from "./in-process-starters.ts";
import type { ServiceProcess } from "./services.ts";

export interface InProcessServices {
  stop(): Promise<void>;
  kill(name: string): Promise<void>;
  restart(name: string): Promise<void>;
}

export interface InProcessStart {
  readonly services: readonly ServiceProcess[];
  /** Env shared by every service (Redis, data dir, internal key, URLs as they become known). */
  readonly env: Record<string, string>;
  /** The port to bind per service (0: any free one). */
  portOf(service: ServiceProcess): number;
  /** Called once a service listens, with the port it got. */
  started(service: ServiceProcess, port: number): void;
  /** Where every service's log lines go, prefixed with its name. */
  sink(line: string): void;
}

const LEVELS = new Set<string>(["debug", "info", "warn", "error"]);

/**
 * One process is for a laptop or a small school, so memory at idle comes first: the two largest
 * resources load on first use instead of at start (results are the same; the first essay that
 * needs one waits for it). The Swedish dictionary is ~150 MB and ~5 s, Harper ~250 MB and ~3–9 s.
 * Harper lints on a worker thread (its linting would block every service's event loop) that stops
 * after 2 minutes without an essay, giving its memory back; the next English essay sets it up again.
 * Each can be set back (e.g. SPELLCHECKER_WARM_LANGUAGES=en,sv, NLP_HARPER_SETUP=start,
 * NLP_HARPER_IDLE_MS=0).
 */
export const SINGLE_PROCESS_DEFAULTS: Readonly<Record<string, string>> = {
  SPELLCHECKER_WARM_LANGUAGES: "en",
  NLP_HARPER_SETUP: "first-use",
  NLP_HARPER_THREAD: "worker",
  NLP_HARPER_IDLE_MS: "120000",
};

/**
 * Every service in this one process through its own factory (`./huleedu start --single`): the
 * services still talk through Redis Streams and keep their own SQLite files, but share one Bun
 * runtime, so dictionaries, models and the tagger are loaded once. `kill` stops one service
 * gracefully (a process cannot SIGKILL a part of itself); `restart` starts it again on its port.
 */
export async function startServicesInProcess(start: InProcessStart): Promise<InProcessServices> {
  const running = new Map<string, RunningService>();
  const levelName = start.env.LOG_LEVEL ?? process.env.LOG_LEVEL;
  const level = levelName && LEVELS.has(levelName) ? (levelName as LogLevel) : undefined;
  const launch = async (service: ServiceProcess) => {
    const starter = IN_PROCESS_STARTERS[service.name];
    if (!starter) throw new Error(`${service.name} has no in-process starter (scripts/stack/in-process-starters.ts)`);
    const env = { ...SINGLE_PROCESS_DEFAULTS, ...process.env, ...start.env, [service.portVar]: String(start.portOf(service)) };
    const logger = createLogger(service.dir, { ...(level ? { level } : {}), write: (line) => start.sink(`[${service.name}] ${line}`) });
    const instance = await starter(env, logger);
    running.set(service.name, instance);
    if (instance.port === undefined) throw new Error(`${service.name} did not report the port it listens on`);
    start.started(service, instance.port);
  };
  const stop = async () => {
    for (const name of [...running.keys()].reverse()) await running.get(name)?.stop();
    running.clear();
  };
  try {
    // In order: a service reads the URLs of those before it from env.
    for (const service of start.services) await launch(service);
  } catch (err) {
    await stop();
    throw err;
  }
  const byName = (name: string) => {
    const service = start.services.find((s) => s.name === name);
    if (!service) throw new Error(`no service ${name} in this stack`);
    return service;
  };
  return {
    stop,
    async kill(name) {
      byName(name);
      await running.get(name)?.stop();
      running.delete(name);
    },
    async restart(name) {
      await launch(byName(name));
    },
  };
}
