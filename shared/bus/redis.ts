import { Cluster, Redis as SingleRedis, type ClusterNode, type RedisOptions } from "ioredis";
import { keySlot } from "./key-slot.ts";

/**
 * The bus's connection: one Redis, or a Redis Cluster when `REDIS_CLUSTER_NODES` is set. Code that
 * takes it sends only commands, pipelines and scripts whose keys share a hash slot (see key-slot.ts).
 */
export type Redis = SingleRedis | Cluster;

const BASE: RedisOptions = {
  protocol: 2,
  maxRetriesPerRequest: 3,
  retryStrategy: (times) => Math.min(times * 100, 2000),
  lazyConnect: false,
};

/**
 * A connection to one Redis that retries with capped backoff and never queues commands forever.
 * RESP2 is pinned so stream replies have one shape whatever the client's default.
 */
export function createRedis(url: string, options: RedisOptions = {}, onError?: (err: Error) => void): SingleRedis {
  const redis = new SingleRedis(url, { ...BASE, ...options });
  // Connection errors surface on the commands that fail; the event only needs a listener.
  redis.on("error", onError ?? (() => undefined));
  return redis;
}

/** `host:port,host:port` → cluster seed nodes; throws on an entry that is not `host:port`. */
export function parseClusterNodes(list: string): ClusterNode[] {
  return list.split(",").map((s) => s.trim()).filter((s) => s.length > 0).map((entry) => {
    const match = /^(.+):(\d{1,5})$/.exec(entry);
    if (!match) throw new Error(`REDIS_CLUSTER_NODES entry "${entry}" is not host:port`);
    return { host: match[1] as string, port: Number(match[2]) };
  });
}

/**
 * A Redis Cluster client over `nodes` with the same per-command retry bounds as `createRedis`.
 * Reads and writes go to masters (a replica may lag behind what was just acknowledged).
 */
export function createRedisCluster(nodes: readonly ClusterNode[], options: RedisOptions = {}, onError?: (err: Error) => void): Cluster {
  const cluster = new Cluster([...nodes], {
    // Per-node reconnects and the offline queue are the cluster client's own (clusterRetryStrategy).
    redisOptions: nodeOptions({ ...BASE, ...options }),
    scaleReads: "master",
    enableOfflineQueue: true,
    maxRedirections: 16,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 100,
    clusterRetryStrategy: (times) => Math.min(times * 100, 2000),
    slotsRefreshTimeout: 2000,
  });
  cluster.on("error", onError ?? (() => undefined));
  return cluster;
}

function nodeOptions(options: RedisOptions): Omit<RedisOptions, "retryStrategy" | "enableOfflineQueue" | "port" | "host" | "path" | "sentinels" | "readOnly"> {
  const { retryStrategy: _r, enableOfflineQueue: _e, port: _p, host: _h, path: _a, sentinels: _s, readOnly: _o, ...rest } = options;
  return rest;
}

/** What the bus connects to: `clusterNodes` (REDIS_CLUSTER_NODES) wins over `url` when given. */
export interface BusTarget {
  url: string;
  clusterNodes?: string | undefined;
  /** Publishes count as done only once this many replicas have them (WAIT); 0 or unset: the master's reply. */
  waitReplicas?: number | undefined;
  waitTimeoutMs?: number | undefined;
}

/** How many replicas must hold a published entry before the publish resolves (WAIT), per connection. */
export interface ReplicaAcks {
  replicas: number;
  timeoutMs: number;
}

const replicaAcks = new WeakMap<Redis, ReplicaAcks>();

/** The WAIT a publish on `redis` must pass, when its connection asked for one. */
export function replicaAcksOf(redis: Redis): ReplicaAcks | undefined {
  return replicaAcks.get(redis);
}

/**
 * Make publishes on `redis` wait for `replicas` replicas (WAIT after the XADD, on the same node): a
 * master killed after it answered cannot take an acknowledged publish with it, as async replication
 * alone could.
 */
export function requireReplicaAcks(redis: Redis, acks: ReplicaAcks): void {
  if (acks.replicas > 0) replicaAcks.set(redis, acks);
}

/** The bus connection for `target`: a Cluster client when cluster nodes are given, else one Redis. */
export function connectBus(target: BusTarget, options: RedisOptions = {}, onError?: (err: Error) => void): Redis {
  const nodes = target.clusterNodes ? parseClusterNodes(target.clusterNodes) : [];
  const redis = nodes.length > 0 ? createRedisCluster(nodes, options, onError) : createRedis(target.url, options, onError);
  if (target.waitReplicas) requireReplicaAcks(redis, { replicas: target.waitReplicas, timeoutMs: target.waitTimeoutMs ?? 1000 });
  return redis;
}

export function isCluster(redis: Redis): redis is Cluster {
  return redis instanceof Cluster;
}

/**
 * Publish on pub/sub `channel`. On a cluster a keyless PUBLISH would go to any node, and messages
 * published on different nodes reach a subscriber in no particular order; so each channel's messages
 * go to the master of the channel name's slot (the cluster still broadcasts them to every node), which
 * keeps one channel's messages in the order they were sent, as on one Redis.
 */
export async function publishToChannel(redis: Redis, channel: string, message: string): Promise<number> {
  if (!isCluster(redis)) return redis.publish(channel, message);
  const owner = redis.slots[keySlot(channel)]?.[0];
  const node = owner ? redis.nodes("master").find((n) => `${n.options.host}:${n.options.port}` === owner) : undefined;
  return (node ?? redis).publish(channel, message);
}

/** A new connection like `redis` (for blocking reads, which hold their connection). */
export function duplicateConnection(redis: Redis): Redis {
  const copy: Redis = isCluster(redis) ? redis.duplicate() : redis.duplicate();
  copy.on("error", () => undefined);
  return copy;
}

/** Run `work` or reject with a timeout error after `ms`. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class TimeoutError extends Error {
  override readonly name = "TimeoutError";
}
