import { SQL, type Subprocess } from "bun";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../runtime/free-port.ts";

/** Debian's PostgreSQL 15 (`apt-get install postgresql`); override with HULEEDU_PG_BIN. */
const PG_BIN = process.env.HULEEDU_PG_BIN ?? "/usr/lib/postgresql/15/bin";
/** postgres refuses to run as root; as root the server runs as this (Debian's package creates it). */
const PG_OS_USER = "postgres";

export interface TestPostgres {
  /** The server's maintenance database (`postgres`); use `createDatabase` for a test's own. */
  url: string;
  port: number;
  /** Create an empty database and return its URL (a fresh name each call unless one is given). */
  createDatabase(name?: string): Promise<string>;
  /** Stop the server (fast shutdown) and remove its data directory. */
  stop(): Promise<void>;
}

/** True when the PostgreSQL binaries the helper needs are installed. */
export function postgresAvailable(): boolean {
  return existsSync(join(PG_BIN, "initdb")) && existsSync(join(PG_BIN, "postgres"));
}

class PortTakenError extends Error {}

/**
 * Start a throwaway PostgreSQL: `initdb` in a temp dir, `postgres` on a free loopback port, no
 * fsync. As root the data directory is chowned to `postgres` and the server runs through `setpriv`
 * (which execs, so the child's pid is the server's and signals reach it directly).
 * @example const pg = await startPostgres(); const url = await pg.createDatabase(); afterAll(() => pg.stop())
 */
export async function startPostgres(): Promise<TestPostgres> {
  if (!postgresAvailable()) throw new Error(`PostgreSQL binaries not found in ${PG_BIN} (apt-get install postgresql)`);
  const dir = mkdtempSync(join(tmpdir(), "huleedu-pg-"));
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? dropToPostgres() : [];
  if (asRoot) {
    const { uid, gid } = osUser(PG_OS_USER);
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  const init = Bun.spawnSync([...prefix, join(PG_BIN, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], {
    stdout: "ignore", stderr: "pipe",
  });
  if (init.exitCode !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr.toString()}`);
  }
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const proc = await spawnServer(prefix, data, dir, port);
      return handle(proc, port, dir);
    } catch (err) {
      // postgres has no "bind a free port and tell me" mode; a port lost to a race is retried.
      if (!(err instanceof PortTakenError) || attempt >= 5) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }
}

function dropToPostgres(): string[] {
  return ["setpriv", `--reuid=${PG_OS_USER}`, `--regid=${PG_OS_USER}`, "--init-groups", "--"];
}

function osUser(name: string): { uid: number; gid: number } {
  const out = Bun.spawnSync(["id", "-u", name]).stdout.toString().trim();
  const grp = Bun.spawnSync(["id", "-g", name]).stdout.toString().trim();
  if (!/^\d+$/.test(out) || !/^\d+$/.test(grp)) throw new Error(`running as root needs an OS user '${name}' for postgres`);
  return { uid: Number(out), gid: Number(grp) };
}

async function spawnServer(prefix: string[], data: string, socketDir: string, port: number): Promise<Subprocess> {
  const proc = Bun.spawn(
    [
      ...prefix, join(PG_BIN, "postgres"), "-D", data, "-p", String(port), "-k", socketDir,
      "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
      "-c", "max_connections=200", "-c", "logging_collector=off",
    ],
    { stdout: "ignore", stderr: "pipe" },
  );
  const stderr = collect(proc.stderr);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) {
      const log = await stderr;
      if (/could not bind|Address already in use/i.test(log)) throw new PortTakenError(`port ${port} taken`);
      throw new Error(`postgres exited (${proc.exitCode}): ${log}`);
    }
    // The answer must come from the server just started (its data directory), not one already on the port.
    const answered = await dataDirectoryAt(port);
    if (answered === data) return proc;
    if (answered !== undefined) {
      proc.kill("SIGKILL");
      throw new PortTakenError(`port ${port} is held by another PostgreSQL (${answered})`);
    }
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`postgres did not answer on port ${port}`);
    }
    await Bun.sleep(50);
  }
}

async function collect(stream: ReadableStream<Uint8Array> | number | undefined): Promise<string> {
  if (!(stream instanceof ReadableStream)) return "";
  return new Response(stream).text();
}

async function dataDirectoryAt(port: number): Promise<string | undefined> {
  const probe = new SQL({ url: `postgres://postgres@127.0.0.1:${port}/postgres`, max: 1, connectionTimeout: 1, idleTimeout: 1 });
  try {
    const rows: { data_directory: string }[] = await probe`SHOW data_directory`;
    return rows[0]?.data_directory;
  } catch {
    return undefined;
  } finally {
    await probe.close().catch(() => undefined);
  }
}

function handle(proc: Subprocess, port: number, dir: string): TestPostgres {
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    port,
    async createDatabase(name = `huleedu_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      const admin = new SQL({ url, max: 1 });
      try {
        await admin.unsafe(`CREATE DATABASE ${name}`);
      } finally {
        await admin.close();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      proc.kill("SIGINT"); // fast shutdown: disconnects clients, no checkpoint wait worth keeping
      const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await proc.exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
