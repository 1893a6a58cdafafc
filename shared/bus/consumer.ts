import * as v from "valibot";
import type { EventEnvelope } from "../contracts/envelope.ts";
import type { Topic } from "../contracts/topics.ts";
import { parseTraceparent, runInTrace, startSpan } from "../observability/trace-context.ts";
import type { Logger } from "../observability/logger.ts";
import type { ServiceMetrics } from "../observability/metrics.ts";
import type { DlqWriter } from "./dlq-writer.ts";
import { PoisonMessageError } from "./errors.ts";
import { groupBySlot } from "./key-slot.ts";
import { duplicateConnection, isCluster, type Redis } from "./redis.ts";
import { deliveryCount, ensureGroup, parseEntries, parseReadReply, type StreamEntry } from "./streams.ts";

/** Entries per read when a handler takes batches (otherwise 10). */
export const BATCH_READ_SIZE = 64;

const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export interface HandlerContext {
  logger: Logger;
  deliveryCount: number;
  /**
   * This is the entry's last delivery: if the handler throws now, the entry goes to the DLQ instead
   * of being retried. A handler that would rather record a failure than lose the event checks this.
   */
  lastDelivery: boolean;
  entryId: string;
  topic: string;
}

/** One entry of a batch: its event, its context, and a way to run code in its trace. */
export interface BatchItem<T = unknown> {
  envelope: EventEnvelope<T>;
  ctx: HandlerContext;
  inTrace<R>(work: () => R): R;
}

/** One topic and what to do with its events. */
export interface EventHandler<S extends v.GenericSchema = v.GenericSchema> {
  topic: Topic<S>;
  handle(envelope: EventEnvelope<v.InferOutput<S>>, ctx: HandlerContext): Promise<void>;
  /**
   * Optional: the first deliveries of one read at once (e.g. in one transaction), each entry
   * still applied once. If it throws, nothing is acked and the consumer runs `handle` on each
   * entry alone, so one bad entry fails (retries, DLQ) by itself and never holds back the rest.
   */
  handleBatch?(items: readonly BatchItem<v.InferOutput<S>>[]): Promise<void>;
}

/** Bind a handler to its topic with types flowing from the topic's schema. */
export function on<S extends v.GenericSchema>(topic: Topic<S>, handle: EventHandler<S>["handle"], handleBatch?: EventHandler<S>["handleBatch"]): EventHandler {
  return (handleBatch ? { topic, handle, handleBatch } : { topic, handle }) as unknown as EventHandler;
}

export interface ConsumerOptions {
  redis: Redis;
  group: string;
  consumerName?: string;
  handlers: EventHandler[];
  logger: Logger;
  dlq: DlqWriter;
  metrics?: ServiceMetrics;
  maxDeliveries?: number;
  blockMs?: number;
  batchSize?: number;
  reclaimIdleMs?: number;
  reclaimIntervalMs?: number;
}

export interface Consumer {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly name: string;
}

/**
 * A consumer-group member: reads with XREADGROUP BLOCK, runs the handler, XACKs; takes over idle
 * entries with XAUTOCLAIM; sends poison and exhausted entries to `<topic>.DLQ`.
 */
export function createConsumer(options: ConsumerOptions): Consumer {
  // A read is one batch for handlers that take batches: more entries per read, fewer transactions.
  const batchSize = options.batchSize ?? (options.handlers.some((h) => h.handleBatch) ? BATCH_READ_SIZE : 10);
  const o = { maxDeliveries: 5, blockMs: 2000, reclaimIdleMs: 30_000, ...options, batchSize };
  const reclaimIntervalMs = o.reclaimIntervalMs ?? Math.max(50, Math.floor(o.reclaimIdleMs / 2));
  const name = o.consumerName ?? `${o.group}-${process.env.HOSTNAME ?? "local"}-${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
  const byStream = new Map(o.handlers.map((h) => [h.topic.name, h]));
  const streams = [...byStream.keys()];
  const handled = o.metrics?.counter("events_handled_total", "Events handled by outcome", ["topic", "outcome"]);
  // Where an event's time goes: waiting (its creation to its first delivery's handler start, the
  // outbox relay and the stream queue included) and in the handler (until it returned or threw).
  const waited = o.metrics?.histogram("event_queue_wait_seconds", "Event creation to handler start, first delivery", ["topic"], LATENCY_BUCKETS);
  const handling = o.metrics?.histogram("event_handler_duration_seconds", "Handler run time per delivery", ["topic"], LATENCY_BUCKETS);
  // One XREADGROUP may only name streams of one hash slot on a cluster: one reader (its own
  // connection, since BLOCK holds it) per slot group, all blocking in parallel; one Redis reads all at once.
  const readGroups = isCluster(o.redis) ? groupBySlot(streams, (s) => s) : [streams];
  const readers = readGroups.map(() => duplicateConnection(o.redis));
  let running = false;
  let readLoops: Promise<void>[] = [];
  let reclaimTimer: ReturnType<typeof setInterval> | undefined;
  const inFlight = new Set<Promise<void>>();
  // Entries this process is handling now, so the reclaimer never takes them over from itself.
  const inHand = new Set<string>();

  async function dead(entry: StreamEntry, stream: string, count: number, reason: string, error: unknown, correlationId?: string) {
    const written = await o.dlq({
      topic: stream, reason, error: error instanceof Error ? error.message : String(error),
      originalId: entry.id, deliveryCount: count, envelope: entry.fields.envelope ?? "", ...(correlationId ? { correlationId } : {}),
    });
    if (written) {
      await o.redis.xack(stream, o.group, entry.id);
      handled?.inc({ topic: stream, outcome: "dlq" });
    }
  }

  /**
   * Run `work` while keeping the entry's idle time low with XCLAIM … JUSTID (which does not count
   * as a delivery), so a handler slower than the reclaim idle time is not taken over and re-run.
   */
  async function holding(stream: string, id: string, work: () => Promise<void>): Promise<void> {
    const key = `${stream}\u0000${id}`;
    inHand.add(key);
    const renew = setInterval(() => {
      o.redis.call("XCLAIM", stream, o.group, name, 0, id, "JUSTID").catch(() => undefined);
    }, Math.max(20, Math.floor(o.reclaimIdleMs / 3)));
    try {
      await work();
    } finally {
      clearInterval(renew);
      inHand.delete(key);
    }
  }

  interface Parsed {
    stream: string;
    entry: StreamEntry;
    count: number;
    handler: EventHandler;
    envelope: EventEnvelope;
    span: ReturnType<typeof startSpan>;
    log: Logger;
  }

  /** Parse and validate an entry; undefined when it was settled here (acked, or sent to the DLQ). */
  async function parse(stream: string, entry: StreamEntry, count: number): Promise<Parsed | undefined> {
    const handler = byStream.get(stream);
    if (!handler) return undefined;
    const raw = entry.fields.envelope;
    if (raw === undefined) {
      await o.redis.xack(stream, o.group, entry.id); // trimmed or foreign entry: nothing to do
      return undefined;
    }
    let envelope: EventEnvelope;
    try {
      envelope = v.parse(handler.topic.envelope, JSON.parse(raw)) as EventEnvelope;
    } catch (err) {
      o.logger.warn("event failed its schema; sent to DLQ", { topic: stream, entry_id: entry.id, error: err });
      await dead(entry, stream, count, "schema_validation_failed", err);
      return undefined;
    }
    const data = envelope.data as { batch_id?: unknown; essay_id?: unknown };
    // This handler's span in the producer's trace (a new trace for events published without one).
    const span = startSpan(parseTraceparent(envelope.metadata?.traceparent));
    const log = o.logger.child({
      topic: stream, event_id: envelope.event_id, correlation_id: envelope.correlation_id, trace_id: span.traceId,
      ...(typeof data?.batch_id === "string" ? { batch_id: data.batch_id } : {}),
      ...(typeof data?.essay_id === "string" ? { essay_id: data.essay_id } : {}),
    });
    if (count > o.maxDeliveries) {
      await dead(entry, stream, count, "max_deliveries_exceeded", "delivery limit reached", envelope.correlation_id);
      return undefined;
    }
    const createdAt = Date.parse(envelope.event_timestamp);
    if (count === 1 && Number.isFinite(createdAt)) waited?.observe({ topic: stream }, Math.max(0, Date.now() - createdAt) / 1000);
    return { stream, entry, count, handler, envelope, span, log };
  }

  const contextOf = (p: Parsed): HandlerContext => ({ logger: p.log, deliveryCount: p.count, lastDelivery: p.count >= o.maxDeliveries, entryId: p.entry.id, topic: p.stream });

  async function runOne(p: Parsed): Promise<void> {
    const { stream, entry, count, handler, envelope, span, log } = p;
    const started = performance.now();
    try {
      try {
        await holding(stream, entry.id, () => runInTrace(span, () => handler.handle(envelope, contextOf(p))));
      } finally {
        handling?.observe({ topic: stream }, (performance.now() - started) / 1000);
      }
      await o.redis.xack(stream, o.group, entry.id);
      handled?.inc({ topic: stream, outcome: "ok" });
    } catch (err) {
      handled?.inc({ topic: stream, outcome: "error" });
      if (err instanceof PoisonMessageError) {
        log.error("poison message; sent to DLQ", { error: err });
        await dead(entry, stream, count, "poison_message", err, envelope.correlation_id);
      } else if (count >= o.maxDeliveries) {
        log.error("handler failed on last delivery; sent to DLQ", { error: err, delivery_count: count });
        await dead(entry, stream, count, "max_deliveries_exceeded", err, envelope.correlation_id);
      } else {
        log.warn("handler failed; entry stays pending for retry", { error: err, delivery_count: count });
      }
    }
  }

  async function processEntry(stream: string, entry: StreamEntry, count: number): Promise<void> {
    const parsed = await parse(stream, entry, count);
    if (parsed) await runOne(parsed);
  }

  /**
   * First deliveries of one read for a handler with `handleBatch`: one call, one XACK; if the
   * batch throws, each entry runs alone through `handle` (its own retries and DLQ).
   */
  async function processBatch(stream: string, handler: EventHandler, entries: readonly StreamEntry[]): Promise<void> {
    const parsed: Parsed[] = [];
    for (const entry of entries) {
      const p = await parse(stream, entry, 1);
      if (p) parsed.push(p);
    }
    const handleBatch = handler.handleBatch;
    if (parsed.length < 2 || !handleBatch) {
      for (const p of parsed) await runOne(p);
      return;
    }
    const ids = parsed.map((p) => p.entry.id);
    for (const id of ids) inHand.add(`${stream}\u0000${id}`);
    const renew = setInterval(() => {
      o.redis.call("XCLAIM", stream, o.group, name, 0, ...ids, "JUSTID").catch(() => undefined);
    }, Math.max(20, Math.floor(o.reclaimIdleMs / 3)));
    const started = performance.now();
    let ok = false;
    try {
      await handleBatch(parsed.map((p) => ({ envelope: p.envelope, ctx: contextOf(p), inTrace: <R>(work: () => R): R => runInTrace(p.span, work) })));
      ok = true;
    } catch (err) {
      o.logger.warn("batch failed; its entries are handled one by one", { topic: stream, entries: parsed.length, error: err });
    } finally {
      clearInterval(renew);
      for (const id of ids) inHand.delete(`${stream}\u0000${id}`);
    }
    if (!ok) {
      for (const p of parsed) await runOne(p);
      return;
    }
    const each = (performance.now() - started) / 1000 / parsed.length;
    for (let i = 0; i < parsed.length; i++) handling?.observe({ topic: stream }, each);
    await o.redis.xack(stream, o.group, ...ids);
    handled?.inc({ topic: stream, outcome: "ok" }, parsed.length);
  }

  function track(work: Promise<void>): Promise<void> {
    const guarded = work.catch((err) => o.logger.error("consumer step failed", { error: err }));
    inFlight.add(guarded);
    void guarded.finally(() => inFlight.delete(guarded));
    return guarded;
  }

  async function readOnce(reader: Redis, streams: readonly string[]): Promise<void> {
    const raw = (await reader.call(
      "XREADGROUP", "GROUP", o.group, name, "COUNT", o.batchSize, "BLOCK", o.blockMs,
      "STREAMS", ...streams, ...streams.map(() => ">"),
    ));
    for (const [stream, entries] of parseReadReply(raw)) {
      const handler = byStream.get(stream);
      if (handler?.handleBatch && entries.length > 1) {
        await track(processBatch(stream, handler, entries));
        continue;
      }
      for (const entry of entries) {
        await track(processEntry(stream, entry, 1));
      }
    }
  }

  async function reclaimOnce(): Promise<void> {
    for (const stream of streams) {
      const raw = (await o.redis.call("XAUTOCLAIM", stream, o.group, name, o.reclaimIdleMs, "0-0", "COUNT", o.batchSize)) as [string, unknown, unknown];
      for (const entry of parseEntries(raw[1])) {
        if (!running) return;
        if (inHand.has(`${stream}\u0000${entry.id}`)) continue;
        const count = await deliveryCount(o.redis, stream, o.group, entry.id);
        await track(processEntry(stream, entry, count));
      }
    }
  }

  let reclaiming = false;
  return {
    name,
    async start() {
      for (const stream of streams) await ensureGroup(o.redis, stream, o.group);
      running = true;
      readLoops = readGroups.map(async (group, i) => {
        const reader = readers[i] as Redis;
        while (running) {
          try {
            await readOnce(reader, group);
          } catch (err) {
            if (running) {
              o.logger.error("stream read failed; retrying", { error: err, streams: group });
              await Bun.sleep(200);
            }
          }
        }
      });
      reclaimTimer = setInterval(() => {
        if (reclaiming || !running) return;
        reclaiming = true;
        reclaimOnce().catch((err) => o.logger.warn("reclaim failed", { error: err })).finally(() => { reclaiming = false; });
      }, reclaimIntervalMs);
      o.logger.info("consumer started", { group: o.group, consumer: name, streams });
    },
    async stop() {
      if (!running) return;
      running = false;
      clearInterval(reclaimTimer);
      for (const reader of readers) reader.disconnect(); // ends a pending BLOCK; entries read but not acked stay pending for others
      await Promise.all(readLoops);
      await Promise.all([...inFlight]);
      o.logger.info("consumer stopped", { group: o.group, consumer: name });
    },
  };
}
