import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";

export interface SmtpSink {
  host: string;
  port: number;
  /** Where the received messages are stored (.eml files and index.jsonl). */
  dir: string;
  /** Stop the process (the port goes dark: senders see connection refused). */
  stop(): Promise<void>;
  /** Start it again on the same port. */
  start(): Promise<void>;
}

const MAIN = join(import.meta.dir, "main.ts");

/**
 * Run the SMTP sink as its own process on loopback (port 0 = a free one, kept across restarts).
 * @example const sink = await spawnSmtpSink({ dir }); … await sink.stop()
 */
export async function spawnSmtpSink(options: { dir: string; port?: number; log?: (line: string) => void }): Promise<SmtpSink> {
  mkdirSync(options.dir, { recursive: true });
  let port = options.port ?? 0;
  let proc: Subprocess<"ignore", "pipe", "inherit"> | undefined;
  const portFile = join(options.dir, ".smtp-sink.port");

  async function start(): Promise<void> {
    rmSync(portFile, { force: true });
    proc = Bun.spawn(["bun", MAIN], {
      env: { ...process.env, SMTP_SINK_DIR: options.dir, SMTP_SINK_PORT: String(port), SMTP_SINK_PORT_FILE: portFile },
      stdin: "ignore", stdout: "pipe", stderr: "inherit",
    });
    const deadline = Date.now() + 15_000;
    while (!existsSync(portFile)) {
      if (proc.exitCode !== null) throw new Error(`smtp sink exited with code ${proc.exitCode}`);
      if (Date.now() > deadline) throw new Error("smtp sink did not start");
      await Bun.sleep(25);
    }
    port = Number(readFileSync(portFile, "utf8"));
    if (options.log) void pipe(proc.stdout, options.log);
  }
  await start();
  return {
    host: "127.0.0.1",
    get port() {
      return port;
    },
    dir: options.dir,
    async stop() {
      proc?.kill("SIGTERM");
      await proc?.exited;
    },
    start,
  };
}

async function pipe(stream: ReadableStream<Uint8Array>, log: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    for (const line of decoder.decode(value).split("\n")) if (line) log(line);
  }
}
