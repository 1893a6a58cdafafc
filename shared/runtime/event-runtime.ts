import type * as v from "valibot";
import { resolve } from "node:path";
import type { CommonConfig } from "../config/load-config.ts";
import { makeEnvelope, type EnvelopeInput, type Topic } from "../contracts/topics.ts";
import { createConsumer, type Consumer, type EventHandler } from "../bus/consumer.ts";
import { createDlqWriter, type DlqWriter } from "../bus/dlq-writer.ts";
import { publishEnvelope } from "../bus/publisher.ts";
import { connectBus, type Redis } from "../bus/redis.ts";
import { openDatabase, type OpenedDatabase } from "../db/database.ts";
import { createOutboxRelay, type OutboxRelay } from "../db/outbox-relay.ts";
import type { UnitOfWork } from "../db/unit-of-work.ts";
import type { Logger } from "../observability/logger.ts";
import type { ServiceMetrics } from "../observability/metrics.ts";
import { registerQueueGauges } from "../observability/queue-gauges.ts";
import { createRelayWakingUnitOfWork } from "./outbox-wake.ts";

export interface EventRuntimeOptions {
  service: string;
  common: CommonConfig;
  logger: Logger;
  metrics: ServiceMetrics;
  /** SQLite file and migrations; gives the service a unit of work and an outbox relay. */
  database?: { path: string; migrationsFolder: string };
  /** Consumer group name; defaults to the service name. */
  group?: string;
}

export interface EventRuntime {
  redis: Redis;
  database?: OpenedDatabase;
  uow?: UnitOfWork;
  relay?: OutboxRelay;
  dlq: DlqWriter;
  /** Publish directly (services without a database); stateful services emit through `uow`. */
  publish<S extends v.GenericSchema>(topic: Topic<S>, input: Omit<EnvelopeInput<v.InferInput<S>>, "source">): Promise<string>;
  /** Join the consumer group for these handlers' topics and start reading. */
  consume(handlers: EventHandler[]): Promise<Consumer>;
  stop(): Promise<void>;
}

/** The runtime of a service that gave `database`: its unit of work and relay always exist. */
export interface StatefulEventRuntime extends EventRuntime {
  database: OpenedDatabase;
  uow: UnitOfWork;
  relay: OutboxRelay;
}

/**
 * Redis, optional SQLite + outbox, DLQ writer and consumer, configured the same way everywhere.
 * Stop order: consumer (finish message in hand) → relay (publish what is committed) → connections.
 */
export async function startEventRuntime(options: EventRuntimeOptions & { database: NonNullable<EventRuntimeOptions["database"]> }): Promise<StatefulEventRuntime>;
export async function startEventRuntime(options: EventRuntimeOptions): Promise<EventRuntime>;
export async function startEventRuntime(options: EventRuntimeOptions): Promise<EventRuntime> {
  const { service, common, logger, metrics } = options;
  const redis = connectBus({ url: common.REDIS_URL, clusterNodes: common.REDIS_CLUSTER_NODES, waitReplicas: common.REDIS_WAIT_REPLICAS }, {}, (err) => logger.debug("redis connection error", { error: err.message }));
  const dlq = createDlqWriter({
    redis, logger, timeoutMs: common.HULEEDU_DLQ_TIMEOUT_MS,
    failures: metrics.counter("dlq_publish_failures_total", "DLQ writes that failed or timed out", ["topic"]),
  });
  let database: OpenedDatabase | undefined;
  let relay: OutboxRelay | undefined;
  let uow: UnitOfWork | undefined;
  if (options.database) {
    try {
      database = openDatabase(options.database.path, options.database.migrationsFolder);
    } catch (err) {
      redis.disconnect(); // nothing else holds it yet
      throw err;
    }
    relay = createOutboxRelay({
      db: database.db, redis, logger, pollMs: common.HULEEDU_OUTBOX_POLL_MS,
      leaseKey: `huleedu:outbox-lease:${resolve(options.database.path)}`,
    });
    const wake = relay.wake;
    uow = createRelayWakingUnitOfWork(database.db, () => wake());
    relay.start();
  }
  const consumers: Consumer[] = [];
  const consumedStreams = new Set<string>();
  const group = options.group ?? service;
  registerQueueGauges({ metrics, redis, group, streams: () => [...consumedStreams], ...(database ? { sqlite: database.sqlite } : {}) });
  return {
    redis, database, uow, relay, dlq,
    async publish(topic, input) {
      return publishEnvelope(redis, topic, makeEnvelope(topic, { ...input, source: service }));
    },
    async consume(handlers) {
      for (const h of handlers) consumedStreams.add(h.topic.name);
      const consumer = createConsumer({
        redis, group, handlers, logger, dlq, metrics,
        blockMs: common.HULEEDU_BUS_BLOCK_MS, reclaimIdleMs: common.HULEEDU_BUS_RECLAIM_IDLE_MS,
        maxDeliveries: common.HULEEDU_BUS_MAX_DELIVERIES,
      });
      await consumer.start();
      consumers.push(consumer);
      return consumer;
    },
    async stop() {
      for (const c of consumers) await c.stop();
      if (relay) {
        await relay.flush();
        await relay.stop();
      }
      database?.close();
      redis.disconnect();
    },
  };
}
