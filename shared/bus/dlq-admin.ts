import * as v from "valibot";
import { isCluster, type Redis } from "./redis.ts";
import type { Topic } from "../contracts/topics.ts";
import type { Logger } from "../observability/logger.ts";
import { DEFAULT_STREAM_RETENTION } from "./errors.ts";
import { parseEntries } from "./streams.ts";

/** One dead letter as the DLQ writer stored it. */
export interface DeadLetter {
  id: string;
  reason: string;
  error: string;
  originalId: string;
  deliveryCount: number;
  failedAt: string;
  eventId: string | null;
  correlationId: string | null;
  envelope: string;
}

export interface ReplayOutcome {
  topic: string;
  replayed: { dlqId: string; eventId: string | null; newId: string }[];
  /** Entries left in the DLQ: the envelope no longer matches the topic's schema (replaying would dead-letter it again). */
  refused: { dlqId: string; error: string }[];
  /** `--id` given but no such entry (e.g. replayed already). */
  missing: string[];
}

/** The audit trail: one entry per replayed dead letter (who, when, which). */
const REPLAY_LOG = "huleedu.ops.dlq-replays";

function deadLetter(id: string, f: Record<string, string>): DeadLetter {
  let eventId: string | null = null;
  let correlationId: string | null = null;
  try {
    const envelope = JSON.parse(f.envelope ?? "") as { event_id?: unknown; correlation_id?: unknown };
    eventId = typeof envelope.event_id === "string" ? envelope.event_id : null;
    correlationId = typeof envelope.correlation_id === "string" ? envelope.correlation_id : null;
  } catch {
    // an unparseable envelope is still shown (and refused on replay)
  }
  return {
    id, reason: f.reason ?? "", error: f.error ?? "", originalId: f.original_id ?? "", deliveryCount: Number(f.delivery_count ?? 0),
    failedAt: f.failed_at ?? "", eventId, correlationId, envelope: f.envelope ?? "",
  };
}

/** Depth of every topic's DLQ, deepest first. */
export async function listDeadLetterQueues(redis: Redis, topics: readonly Topic[]): Promise<{ topic: string; dlq: string; depth: number }[]> {
  // A cluster pipeline may only touch one slot: there, each XLEN goes on its own (in parallel).
  const depths = isCluster(redis)
    ? await Promise.all(topics.map((t) => redis.xlen(t.dlq)))
    : ((await topics.reduce((p, t) => p.xlen(t.dlq), redis.pipeline()).exec()) ?? []).map((r) => Number(r?.[1] ?? 0));
  return topics.map((t, i) => ({ topic: t.name, dlq: t.dlq, depth: Number(depths[i] ?? 0) })).sort((a, b) => b.depth - a.depth || a.topic.localeCompare(b.topic));
}

/** The oldest `limit` dead letters of a topic. */
export async function showDeadLetters(redis: Redis, topic: Topic, limit = 50): Promise<DeadLetter[]> {
  return parseEntries(await redis.xrange(topic.dlq, "-", "+", "COUNT", limit)).map((e) => deadLetter(e.id, e.fields));
}

/**
 * Move dead letters back onto their topic, unchanged (same event id, so idempotent handlers absorb a
 * replay of something already applied): all of them, or only `ids`. Each move is one MULTI (XADD to the
 * topic, XDEL from the DLQ), logged and appended to the `huleedu.ops.dlq-replays` stream.
 */
export async function replayDeadLetters(redis: Redis, topic: Topic, options: { ids?: string[]; operator: string; logger: Logger }): Promise<ReplayOutcome> {
  const outcome: ReplayOutcome = { topic: topic.name, replayed: [], refused: [], missing: [] };
  const entries: DeadLetter[] = [];
  if (options.ids?.length) {
    for (const id of options.ids) {
      const found = parseEntries(await redis.xrange(topic.dlq, id, id));
      if (found[0]?.fields.envelope) entries.push(deadLetter(id, found[0].fields));
      else outcome.missing.push(id);
    }
  } else {
    entries.push(...parseEntries(await redis.xrange(topic.dlq, "-", "+")).filter((e) => e.fields.envelope).map((e) => deadLetter(e.id, e.fields)));
  }
  for (const entry of entries) {
    let envelope: unknown;
    try {
      envelope = JSON.parse(entry.envelope);
    } catch {
      outcome.refused.push({ dlqId: entry.id, error: "envelope is not JSON" });
      continue;
    }
    const valid = v.safeParse(topic.envelope, envelope);
    if (!valid.success) {
      outcome.refused.push({ dlqId: entry.id, error: `envelope does not match ${topic.name}: ${valid.issues[0]?.message ?? "invalid"}` });
      continue;
    }
    const newId = await moveBack(redis, topic, entry, options.operator);
    outcome.replayed.push({ dlqId: entry.id, eventId: entry.eventId, newId });
    options.logger.info("dead letter replayed", {
      topic: topic.name, dlq_id: entry.id, new_id: newId, event_id: entry.eventId, correlation_id: entry.correlationId,
      dlq_reason: entry.reason, delivery_count: entry.deliveryCount, operator: options.operator,
    });
  }
  return outcome;
}

/**
 * XADD to the topic, XDEL from the DLQ, XADD to the replay log: one MULTI on one Redis. On a cluster
 * the three keys live in different slots, so the steps run in that order instead: a crash between
 * them leaves a duplicate (the entry replayed and still in the DLQ), which idempotent handlers absorb.
 */
async function moveBack(redis: Redis, topic: Topic, entry: DeadLetter, operator: string): Promise<string> {
  const log = ["topic", topic.name, "dlq_id", entry.id, "event_id", entry.eventId ?? "", "operator", operator, "replayed_at", new Date().toISOString()];
  if (isCluster(redis)) {
    const newId = await redis.xadd(topic.name, "MAXLEN", "~", DEFAULT_STREAM_RETENTION, "*", "envelope", entry.envelope);
    await redis.xdel(topic.dlq, entry.id);
    await redis.xadd(REPLAY_LOG, "MAXLEN", "~", 10_000, "*", ...log);
    return String(newId ?? "");
  }
  const replies = await redis.multi()
    .xadd(topic.name, "MAXLEN", "~", DEFAULT_STREAM_RETENTION, "*", "envelope", entry.envelope)
    .xdel(topic.dlq, entry.id)
    .xadd(REPLAY_LOG, "MAXLEN", "~", 10_000, "*", ...log)
    .exec();
  return String(replies?.[0]?.[1] ?? "");
}
