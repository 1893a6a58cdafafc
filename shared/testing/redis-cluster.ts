import type { Subprocess } from "bun";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createRedis, createRedisCluster, type Redis } from "../bus/redis.ts";
import type { Cluster, Redis as SingleRedis } from "ioredis";
import { freePort } from "../runtime/free-port.ts";
import { tempDir } from "./temp-dir.ts";

export interface ClusterNodeProcess {
  port: number;
  proc: Subprocess;
}

export interface TestRedisCluster {
  /** `127.0.0.1:p1,127.0.0.1:p2,…`, the form REDIS_CLUSTER_NODES takes. */
  nodes: string;
  /** A node's url, for code that needs one REDIS_URL (e.g. a pub/sub subscriber). */
  url: string;
  /** A new cluster client (disconnected by stop). */
  client(): Cluster;
  /** The port of the master that holds `key`'s slot now. */
  masterOf(key: string): Promise<number>;
  /** SIGKILL the node on `port` (it stays down). */
  kill(port: number): Promise<void>;
  /** Resolve once every slot is served by a live master again and `cluster_state` is ok on the live nodes. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  masters?: number;
  replicasPerMaster?: number;
  /** cluster-node-timeout: how soon a dead master's replica takes over (about twice this). */
  nodeTimeoutMs?: number;
}

async function spawnNode(dir: string, nodeTimeoutMs: number): Promise<ClusterNodeProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const busPort = await freePort();
    const nodeDir = join(dir, String(port));
    mkdirSync(nodeDir, { recursive: true });
    const proc = Bun.spawn([
      "redis-server", "--port", String(port), "--bind", "127.0.0.1", "--dir", nodeDir,
      "--cluster-enabled", "yes", "--cluster-config-file", `nodes-${port}.conf`, "--cluster-port", String(busPort),
      "--cluster-node-timeout", String(nodeTimeoutMs), "--cluster-replica-validity-factor", "0",
      "--appendonly", "no", "--save", "", "--daemonize", "no", "--loglevel", "warning",
    ], { stdout: "ignore", stderr: "ignore" });
    if (await answersPing(port, proc)) return { port, proc };
    proc.kill("SIGKILL");
    await proc.exited;
    if (attempt >= 5) throw new Error(`redis-server (cluster node) did not start on port ${port}`);
  }
}

async function answersPing(port: number, proc: Subprocess): Promise<boolean> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) return false;
    const probe = probeClient(port);
    try {
      const info = await probe.info("server");
      if (new RegExp(`process_id:${proc.pid}\\b`).test(info)) return true;
      return false; // another redis holds the port
    } catch {
      await Bun.sleep(30);
    } finally {
      probe.disconnect();
    }
  }
  return false;
}

function probeClient(port: number): SingleRedis {
  return createRedis(`redis://127.0.0.1:${port}`, { lazyConnect: false, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500, commandTimeout: 1000 });
}

async function nodeCommand<T>(port: number, work: (r: SingleRedis) => Promise<T>): Promise<T | undefined> {
  const r = probeClient(port);
  try {
    return await work(r);
  } catch {
    return undefined;
  } finally {
    r.disconnect();
  }
}

/**
 * Start a real Redis Cluster on loopback in a temp dir: `masters` masters with `replicasPerMaster`
 * replicas each (default 3 + 3), joined by `redis-cli --cluster create`, resolved once every node
 * reports `cluster_state:ok` and every replica's link to its master is up.
 * @example const cluster = await startRedisCluster(); afterAll(() => cluster.stop())
 */
export async function startRedisCluster(options: ClusterOptions = {}): Promise<TestRedisCluster> {
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const nodeTimeoutMs = options.nodeTimeoutMs ?? 1000;
  const dir = tempDir("huleedu-redis-cluster-");
  const nodes: ClusterNodeProcess[] = [];
  const clients: Redis[] = [];
  const dead = new Set<number>();
  const stop = async () => {
    for (const c of clients) c.disconnect();
    for (const n of nodes) if (n.proc.exitCode === null) n.proc.kill("SIGTERM");
    await Promise.all(nodes.map((n) => n.proc.exited));
    dir.remove();
  };
  try {
    nodes.push(...(await Promise.all(Array.from({ length: masters * (1 + replicas) }, () => spawnNode(dir.path, nodeTimeoutMs)))));
    const create = Bun.spawn(["redis-cli", "--cluster", "create", ...nodes.map((n) => `127.0.0.1:${n.port}`), "--cluster-replicas", String(replicas), "--cluster-yes"], { stdout: "pipe", stderr: "pipe" });
    const [code, out, err] = await Promise.all([create.exited, new Response(create.stdout).text(), new Response(create.stderr).text()]);
    if (code !== 0) throw new Error(`redis-cli --cluster create failed (${code}): ${out.slice(-500)} ${err.slice(-500)}`);
  } catch (err) {
    await stop();
    throw err;
  }
  const live = () => nodes.filter((n) => !dead.has(n.port));

  async function waitHealthy(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(live().map((n) => nodeCommand(n.port, async (r) => {
        const info = String(await r.call("CLUSTER", "INFO"));
        const repl = await r.info("replication");
        const ok = /cluster_state:ok/.test(info) && /cluster_slots_ok:16384/.test(info);
        const linked = !/role:slave/.test(repl) || /master_link_status:up/.test(repl);
        return ok && linked;
      })));
      const masterPorts = await livesMasters();
      if (states.every((s) => s === true) && masterPorts.length === masters) return;
      if (Date.now() > deadline) throw new Error(`redis cluster not healthy within ${timeoutMs} ms`);
      await Bun.sleep(100);
    }
  }

  /** Live masters that serve slots, as one live node sees them. */
  async function livesMasters(): Promise<number[]> {
    for (const n of live()) {
      const slots = await nodeCommand(n.port, (r) => r.call("CLUSTER", "SLOTS") as Promise<[number, number, [string, number], ...unknown[]][]>);
      if (slots) return [...new Set(slots.map((s) => Number(s[2][1])).filter((p) => !dead.has(p)))];
    }
    return [];
  }

  try {
    await waitHealthy();
  } catch (err) {
    await stop();
    throw err;
  }
  const first = nodes[0] as ClusterNodeProcess;
  const seedList = nodes.map((n) => `127.0.0.1:${n.port}`).join(",");
  return {
    nodes: seedList,
    url: `redis://127.0.0.1:${first.port}`,
    client() {
      const c = createRedisCluster(nodes.map((n) => ({ host: "127.0.0.1", port: n.port })));
      clients.push(c);
      return c;
    },
    async masterOf(key) {
      for (const n of live()) {
        const slot = await nodeCommand(n.port, (r) => r.call("CLUSTER", "KEYSLOT", key) as Promise<number>);
        const slots = await nodeCommand(n.port, (r) => r.call("CLUSTER", "SLOTS") as Promise<[number, number, [string, number], ...unknown[]][]>);
        const range = slot === undefined ? undefined : slots?.find((s) => s[0] <= slot && slot <= s[1]);
        if (range) return Number(range[2][1]);
      }
      throw new Error(`no live node knows the master of ${key}`);
    },
    async kill(port) {
      const node = nodes.find((n) => n.port === port);
      if (!node) throw new Error(`no cluster node on port ${port}`);
      dead.add(port);
      node.proc.kill("SIGKILL");
      await node.proc.exited;
    },
    waitHealthy,
    stop,
  };
}
