import { join } from "node:path";
import * as v from "valibot";
import { Redis } from "ioredis";
import { createConsumer, on, type Consumer } from "../../shared/bus/consumer.ts";
import { createDlqWriter } from "../../shared/bus/dlq-writer.ts";
import { createProcessedMarks } from "../../shared/bus/processed-marks.ts";
import { publishEnvelope } from "../../shared/bus/publisher.ts";
import { createRedis } from "../../shared/bus/redis.ts";
import { createUnitOfWork, type UnitOfWork } from "../../shared/db/unit-of-work.ts";
import { loadCommonConfig } from "../../shared/config/load-config.ts";
import { defineTopic, makeEnvelope } from "../../shared/contracts/topics.ts";
import { createLogger } from "../../shared/observability/logger.ts";
import { createMetrics } from "../../shared/observability/metrics.ts";
import { startEventRuntime, type EventRuntime, type StatefulEventRuntime } from "../../shared/runtime/event-runtime.ts";
import { observeAcks, type HopVariant } from "./hop-harness.ts";

export const HopTopic = defineTopic("huleedu.bench.hop.v1", v.object({ n: v.number(), batch_id: v.string(), essay_id: v.string() }));
const HopResultTopic = defineTopic("huleedu.bench.hop-result.v1", v.object({ n: v.number() }));
const MIGRATIONS = join(import.meta.dir, "../../shared/db/test-fixtures/migrations");
const GROUP = "bench-hop";
const quiet = () => createLogger(GROUP, { level: "warn" });
const data = (n: number) => ({ n, batch_id: "batch-1", essay_id: `essay-${n}` });

/** Bare ioredis: XADD a JSON envelope; XREADGROUP COUNT 10 BLOCK; JSON.parse; XACK each entry. */
export function rawVariant(url: string): HopVariant {
  const producer = new Redis(url, { protocol: 2 });
  const acker = new Redis(url, { protocol: 2 });
  const reader = new Redis(url, { protocol: 2 });
  reader.on("error", () => undefined);
  let running = false;
  let loop: Promise<void> | undefined;
  return {
    label: "raw ioredis XADD/XREADGROUP/XACK",
    async start(acked) {
      await acker.xgroup("CREATE", HopTopic.name, GROUP, "0", "MKSTREAM");
      running = true;
      loop = (async () => {
        while (running) {
          const reply = (await reader.xreadgroup("GROUP", GROUP, "raw-1", "COUNT", 10, "BLOCK", 2000, "STREAMS", HopTopic.name, ">").catch(() => null)) as
            | [string, [string, string[]][]][]
            | null;
          for (const [, entries] of reply ?? []) {
            for (const [id, fields] of entries) {
              const envelope = JSON.parse(fields[1] ?? "{}") as { data: { n: number } };
              await acker.xack(HopTopic.name, GROUP, id);
              acked(envelope.data.n);
            }
          }
        }
      })();
    },
    async publish(n) {
      const envelope = {
        event_id: crypto.randomUUID(), event_type: HopTopic.name, event_timestamp: new Date().toISOString(),
        source_service: "bench", correlation_id: "hop", schema_version: 1, data: data(n),
      };
      await producer.xadd(HopTopic.name, "MAXLEN", "~", 100_000, "*", "envelope", JSON.stringify(envelope));
    },
    async stop() {
      running = false;
      reader.disconnect();
      await loop;
      await acker.del(HopTopic.name);
      producer.disconnect();
      acker.disconnect();
    },
  };
}

/** Another service's publisher: makeEnvelope + publishEnvelope (both validate). */
function busPublisher(url: string) {
  const producer = createRedis(url);
  return {
    publish: async (n: number) => {
      await publishEnvelope(producer, HopTopic, makeEnvelope(HopTopic, { data: data(n), source: "bench", correlationId: "hop" }));
    },
    /** Drop the streams (after the consumer stopped: a reader would see NOGROUP) and disconnect. */
    close: async () => {
      await producer.del(HopTopic.name, HopResultTopic.name);
      producer.disconnect();
    },
  };
}

/** Map entry ids the handler saw to the numbers they carried, and report each one once acked. */
function ackTracker(acked: (n: number) => void) {
  const byEntry = new Map<string, number>();
  return {
    saw: (entryId: string, n: number) => byEntry.set(entryId, n),
    onAck: (entryId: string) => {
      const n = byEntry.get(entryId);
      if (n === undefined) return;
      byEntry.delete(entryId);
      acked(n);
    },
  };
}

/** shared/bus publisher + createConsumer with a handler that does nothing. */
export function busVariant(url: string): HopVariant {
  const pub = busPublisher(url);
  const redis = createRedis(url);
  let consumer: Consumer | undefined;
  return {
    label: "shared/bus publishEnvelope + createConsumer",
    async start(acked) {
      const track = ackTracker(acked);
      observeAcks(redis, track.onAck);
      const logger = quiet();
      consumer = createConsumer({
        redis, group: GROUP, logger, dlq: createDlqWriter({ redis, logger }), metrics: createMetrics(GROUP),
        handlers: [on(HopTopic, async (envelope, ctx) => { track.saw(ctx.entryId, envelope.data.n); })],
      });
      await consumer.start();
    },
    publish: pub.publish,
    async stop() {
      await consumer?.stop();
      redis.disconnect();
      await pub.close();
    },
  };
}

type RuntimeHandler = (runtime: EventRuntime, envelope: { event_id: string; data: { n: number } }) => Promise<void>;

/** startEventRuntime (as a service starts it) with `handle` as the one handler's body. */
function runtimeVariant(url: string, dataDir: string, label: string, withDatabase: boolean, handle: RuntimeHandler): HopVariant {
  const pub = busPublisher(url);
  let runtime: EventRuntime | undefined;
  return {
    label,
    async start(acked) {
      const common = loadCommonConfig({ REDIS_URL: url, HULEEDU_DATA_DIR: dataDir });
      runtime = await startEventRuntime({
        service: GROUP, common, logger: quiet(), metrics: createMetrics(GROUP),
        ...(withDatabase ? { database: { path: join(dataDir, `${label.replace(/\W+/g, "-")}.sqlite`), migrationsFolder: MIGRATIONS } } : {}),
      });
      const track = ackTracker(acked);
      observeAcks(runtime.redis, track.onAck);
      const rt = runtime;
      await rt.consume([on(HopTopic, async (envelope, ctx) => {
        await handle(rt, envelope);
        track.saw(ctx.entryId, envelope.data.n);
      })]);
    },
    publish: pub.publish,
    async stop() {
      await runtime?.stop();
      await pub.close();
    },
  };
}

/** Stateful service path: uow.runOnce writes the processed-events mark in one SQLite transaction. */
export function runOnceVariant(url: string, dataDir: string): HopVariant {
  return runtimeVariant(url, dataDir, "event runtime + uow.runOnce (processed_events)", true, async (rt, envelope) => {
    (rt as StatefulEventRuntime).uow.runOnce(GROUP, envelope.event_id, () => undefined);
  });
}

/**
 * The wiring before the relay-waking unit of work (shared/runtime/outbox-wake.ts): every commit
 * woke the relay, emitted or not. Kept so the bench shows before and after in one run.
 */
export function runOnceAlwaysWakeVariant(url: string, dataDir: string): HopVariant {
  let uow: UnitOfWork | undefined;
  return runtimeVariant(url, dataDir, "runOnce, relay woken after every commit (before)", true, async (rt, envelope) => {
    const stateful = rt as StatefulEventRuntime;
    uow ??= createUnitOfWork(stateful.database.db, () => stateful.relay.wake());
    uow.runOnce(GROUP, envelope.event_id, () => undefined);
  });
}

/** Same, and the handler emits a result event through the outbox (the relay publishes it). */
export function runOnceEmitVariant(url: string, dataDir: string): HopVariant {
  return runtimeVariant(url, dataDir, "event runtime + runOnce + outbox emit", true, async (rt, envelope) => {
    (rt as StatefulEventRuntime).uow.runOnce(GROUP, envelope.event_id, (_tx, emit) => {
      emit(HopResultTopic, { data: { n: envelope.data.n }, source: GROUP, correlationId: "hop" });
    });
  });
}

/** Stateless service path (spellchecker, nlp): Redis processed marks checked and set per event. */
export function marksVariant(url: string, dataDir: string): HopVariant {
  let marks: ReturnType<typeof createProcessedMarks> | undefined;
  return runtimeVariant(url, dataDir, "event runtime + Redis processed marks", false, async (rt, envelope) => {
    marks ??= createProcessedMarks(rt.redis, GROUP, 3600);
    if (await marks.isProcessed(envelope.event_id)) return;
    await marks.mark(envelope.event_id);
  });
}
