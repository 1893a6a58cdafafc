import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";
import { bootstrapStreams } from "../bootstrap-streams.ts";
import { spawnSmtpSink, type SmtpSink } from "../smtp-sink/process.ts";
import { startLocalRedis } from "./local-redis.ts";
import { SERVICE_PROCESSES, type ServiceProcess } from "./services.ts";
import { startServicesInProcess } from "./single-process.ts";

const ROOT = resolve(import.meta.dir, "../..");
const COLOURS = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94, 95, 96];

export interface Stack {
  env: Record<string, string>;
  urls: Record<string, string>;
  started: string[];
  /** Where the local SMTP sink stores the mails (when the launcher started one for the e-mail service). */
  mailDir?: string;
  /** Kill one service process without warning (fault injection); resolves when it has exited. */
  kill(name: string, signal?: "SIGKILL" | "SIGTERM"): Promise<void>;
  /** Start a killed service again and wait until it is healthy. */
  restart(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Print service logs (prefixed); false keeps the demo output readable. */
  showLogs?: boolean;
  logFile?: string;
  /** Use this Redis instead of starting one (tests pass their throwaway server). */
  redisUrl?: string;
  /**
   * Run the bus on this Redis Cluster (`host:port,…`; default REDIS_CLUSTER_NODES): no local Redis is
   * started, every service gets REDIS_CLUSTER_NODES, and REDIS_URL (pub/sub) defaults to its first node.
   */
  redisClusterNodes?: string;
  /** Where SQLite files live; default `.data` (tests pass a temp dir). */
  dataDir?: string;
  /**
   * Bind Redis and every service to a free port instead of the default ports (tests). Each service
   * binds port 0 itself and reports the port it got (HULEEDU_PORT_FILE), so two can never collide.
   */
  freePorts?: boolean;
  /** Extra env for every service (bus tuning, provider settings…). */
  extraEnv?: Record<string, string>;
  /** Start only these services (by name); default all that exist. */
  only?: string[];
  /**
   * Every service in this one process instead of one process each (`./huleedu start --single`;
   * default from HULEEDU_SINGLE_PROCESS=1). Same factories, streams and SQLite files.
   */
  single?: boolean;
  /**
   * More than one process of a service (multi-process mode with freePorts only): `{ nlp: 2 }` adds
   * a process named `nlp-2` right after `nlp`, same env and files; each process names its own bus
   * consumer, so the processes share the service's consumer group. Other services still call the first.
   */
  instances?: Record<string, number>;
  /** Called once each service is up, in start order (the footprint bench measures memory here). */
  onServiceStarted?: (name: string) => void;
}

function internalKey(dataDir: string): string {
  if (process.env.HULEEDU_INTERNAL_API_KEY) return process.env.HULEEDU_INTERNAL_API_KEY;
  const file = join(dataDir, "internal-api-key");
  if (!existsSync(file)) writeFileSync(file, crypto.randomUUID().replaceAll("-", ""), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

async function pipeLines(stream: ReadableStream<Uint8Array>, prefix: string, sink: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      sink(`${prefix} ${buffer.slice(0, nl)}`);
      buffer = buffer.slice(nl + 1);
    }
  }
  if (buffer) sink(`${prefix} ${buffer}`);
}

async function healthzService(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.ok ? ((await res.json()) as { service?: string }).service : undefined;
  } catch {
    return undefined; // not up yet
  }
}

async function waitHealthy(service: ServiceProcess, url: string, proc: Subprocess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${service.name} exited with code ${proc.exitCode} during start (see its log lines)`);
    const answeredBy = await healthzService(url);
    if (answeredBy === service.dir) return;
    // The answer must come from this service: a port held by another process is not "healthy".
    if (answeredBy) throw new Error(`${service.name}: ${url} is answered by ${answeredBy}; the port is taken`);
    await Bun.sleep(100);
  }
  throw new Error(`${service.name} did not become healthy at ${url}/healthz`);
}

/** The port a service started on port 0 reports once it listens. */
async function waitReportedPort(service: ServiceProcess, portFile: string, proc: Subprocess, deadline: number): Promise<number> {
  while (Date.now() < deadline) {
    if (existsSync(portFile)) return Number(readFileSync(portFile, "utf8"));
    if (proc.exitCode !== null) throw new Error(`${service.name} exited with code ${proc.exitCode} during start (see its log lines)`);
    await Bun.sleep(50);
  }
  throw new Error(`${service.name} did not report its port in ${portFile}`);
}

/** The copies `options.instances` asks for beyond the first process: `nlp-2`, `nlp-3`… (no URL of their own). */
function extraInstances(s: ServiceProcess, options: StackOptions): ServiceProcess[] {
  const n = options.instances?.[s.name] ?? 1;
  if (n <= 1) return [];
  if (options.single || !options.freePorts) throw new Error(`instances: ${s.name} x${n} needs multi-process mode with freePorts`);
  return Array.from({ length: n - 1 }, (_, i) => ({ name: `${s.name}-${i + 2}`, dir: s.dir, portVar: s.portVar, port: 0, ...(s.args ? { args: s.args } : {}) }));
}

/**
 * Start Redis (unless REDIS_URL is set) and every built service as its own process, in order.
 * @example const stack = await startStack(); … await stack.stop()
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = resolve(ROOT, options.dataDir ?? process.env.HULEEDU_DATA_DIR ?? ".data");
  mkdirSync(dataDir, { recursive: true });
  const clusterNodes = options.redisClusterNodes ?? process.env.REDIS_CLUSTER_NODES;
  const firstClusterNode = clusterNodes?.split(",")[0]?.trim();
  const givenRedis = options.redisUrl ?? process.env.REDIS_URL ?? (firstClusterNode ? `redis://${firstClusterNode}` : undefined);
  const redisPort = options.freePorts ? undefined : Number(process.env.HULEEDU_REDIS_PORT ?? 6379);
  const redis = givenRedis ? undefined : await startLocalRedis(dataDir, redisPort);
  const redisUrl = givenRedis ?? (redis as { url: string }).url;
  await bootstrapStreams({ url: redisUrl, clusterNodes });
  const services = SERVICE_PROCESSES.filter(
    (s) => existsSync(join(ROOT, "services", s.dir, "src/main.ts")) && (!options.only || options.only.includes(s.name)),
  ).flatMap((s) => [s, ...extraInstances(s, options)]);
  const urls: Record<string, string> = {};
  const env: Record<string, string> = {
    REDIS_URL: redisUrl, ...(clusterNodes ? { REDIS_CLUSTER_NODES: clusterNodes } : {}),
    HULEEDU_DATA_DIR: dataDir, HULEEDU_INTERNAL_API_KEY: internalKey(dataDir), ...options.extraEnv,
  };
  // Known ports: the configured ones, or (freePorts) each one as its service reports it.
  const ports = new Map<string, number>();
  const setPort = (s: ServiceProcess, port: number) => {
    ports.set(s.name, port);
    urls[s.name] = `http://127.0.0.1:${port}`;
    if (s.urlVar) env[s.urlVar] = urls[s.name] as string;
  };
  if (!options.freePorts) for (const s of services) setPort(s, Number(process.env[s.portVar] ?? s.port));
  const portDir = join(dataDir, "ports");
  if (options.freePorts) mkdirSync(portDir, { recursive: true });
  // BOS asks entitlements before spending LLM calls whenever entitlements is part of the stack.
  if (services.some((s) => s.name === "entitlements")) env.BOS_ENTITLEMENTS_ENABLED ??= "true";
  // A class batch waits for confirmed author matching, and class ids are checked, once class-management runs.
  if (services.some((s) => s.name === "class-management")) {
    env.BOS_CLASS_MATCHING_ENABLED ??= "true";
    env.API_GATEWAY_CLASSES_ENABLED ??= "true";
  }
  // The e-mail service sends to a local SMTP sink unless an SMTP server is configured.
  let smtpSink: SmtpSink | undefined;
  if (services.some((s) => s.name === "email") && !env.EMAIL_SMTP_HOST && !process.env.EMAIL_SMTP_HOST) {
    smtpSink = await spawnSmtpSink({ dir: join(dataDir, "mail"), port: options.freePorts ? 0 : Number(process.env.HULEEDU_SMTP_SINK_PORT ?? 2525) });
    Object.assign(env, { EMAIL_SMTP_HOST: smtpSink.host, EMAIL_SMTP_PORT: String(smtpSink.port), EMAIL_SMTP_IGNORE_TLS: "true" });
  }
  const logSink = options.logFile ? Bun.file(options.logFile).writer() : undefined;
  const sink = (line: string) => {
    if (options.showLogs !== false) console.log(line);
    logSink?.write(line + "\n");
  };
  if (options.single ?? process.env.HULEEDU_SINGLE_PROCESS === "1") {
    const inProcess = await startServicesInProcess({
      services, env, sink,
      portOf: (s) => ports.get(s.name) ?? 0,
      started: (s, port) => {
        if (!ports.has(s.name)) setPort(s, port);
        options.onServiceStarted?.(s.name);
      },
    }).catch(async (err: unknown) => {
      await smtpSink?.stop();
      await redis?.stop();
      throw err;
    });
    const stopAll = async () => {
      await inProcess.stop();
      await smtpSink?.stop();
      await redis?.stop();
      await logSink?.end();
    };
    return {
      env, urls, started: services.map((s) => s.name), stop: stopAll, kill: (name) => inProcess.kill(name), restart: (name) => inProcess.restart(name),
      ...(smtpSink ? { mailDir: smtpSink.dir } : {}),
    };
  }
  const procs: { service: ServiceProcess; proc: Subprocess<"ignore", "pipe", "pipe"> }[] = [];
  const stop = async () => {
    for (const { proc } of [...procs].reverse()) proc.kill("SIGTERM");
    await Promise.all(procs.map(({ proc }) => Promise.race([proc.exited, Bun.sleep(20_000).then(() => proc.kill("SIGKILL"))])));
    await smtpSink?.stop();
    await redis?.stop();
    await logSink?.end();
  };
  const launch = async (service: ServiceProcess) => {
    // Services start in order, so everything a service calls has its URL in env by now.
    const own: Record<string, string> = { [service.portVar]: String(ports.get(service.name) ?? 0) };
    const portFile = join(portDir, `${service.name}.port`);
    if (options.freePorts) {
      rmSync(portFile, { force: true });
      own.HULEEDU_PORT_FILE = portFile;
    }
    const proc = Bun.spawn(["bun", join(ROOT, "services", service.dir, "src/main.ts"), ...(service.args ?? [])], {
      cwd: ROOT, env: { ...process.env, ...env, ...own }, stdin: "ignore", stdout: "pipe", stderr: "pipe",
    });
    const existing = procs.findIndex((p) => p.service.name === service.name);
    if (existing >= 0) procs[existing] = { service, proc };
    else procs.push({ service, proc });
    const colour = COLOURS[services.indexOf(service) % COLOURS.length];
    const prefix = `\x1b[${colour}m[${service.name}]\x1b[0m`;
    void pipeLines(proc.stdout, prefix, sink);
    void pipeLines(proc.stderr, prefix, sink);
    const deadline = Date.now() + 30_000;
    // A restart keeps the port the other services already know.
    if (options.freePorts && !ports.has(service.name)) setPort(service, await waitReportedPort(service, portFile, proc, deadline));
    await waitHealthy(service, urls[service.name] as string, proc, deadline);
    options.onServiceStarted?.(service.name);
  };
  const running = (name: string) => {
    const found = procs.find((p) => p.service.name === name);
    if (!found) throw new Error(`no service ${name} in this stack`);
    return found;
  };
  try {
    for (const service of services) await launch(service);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    env, urls, started: services.map((s) => s.name), stop, ...(smtpSink ? { mailDir: smtpSink.dir } : {}),
    async kill(name, signal = "SIGKILL") {
      const { proc } = running(name);
      proc.kill(signal);
      await proc.exited;
    },
    async restart(name) {
      await launch(running(name).service);
    },
  };
}
