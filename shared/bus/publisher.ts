import * as v from "valibot";
import { replicaAcksOf, type Redis } from "./redis.ts";
import type { EventEnvelope } from "../contracts/envelope.ts";
import type { Topic } from "../contracts/topics.ts";
import { DEFAULT_STREAM_RETENTION } from "./errors.ts";

/** XADD a validated envelope to its topic's stream; returns the stream entry id. */
export async function publishEnvelope(
  redis: Redis,
  topic: Topic,
  envelope: EventEnvelope,
  retention = DEFAULT_STREAM_RETENTION,
): Promise<string> {
  v.parse(topic.envelope, envelope);
  return publishRaw(redis, topic.name, JSON.stringify(envelope), retention);
}

/**
 * XADD an already-serialised envelope (used by the outbox relay, which validated at write). When the
 * connection requires replica acks, the XADD and a WAIT go in one pipeline to the stream's node and
 * the publish fails unless enough replicas have the entry (the caller retries: a duplicate, not a loss).
 */
export async function publishRaw(redis: Redis, stream: string, envelopeJson: string, retention = DEFAULT_STREAM_RETENTION): Promise<string> {
  const acks = replicaAcksOf(redis);
  if (!acks) {
    const id = await redis.xadd(stream, "MAXLEN", "~", retention, "*", "envelope", envelopeJson);
    if (!id) throw new Error(`XADD to ${stream} returned no id`);
    return id;
  }
  const replies = (await redis.pipeline()
    .xadd(stream, "MAXLEN", "~", retention, "*", "envelope", envelopeJson)
    .call("WAIT", acks.replicas, acks.timeoutMs)
    .exec()) ?? [];
  const [[xaddErr, id] = [null, null], [waitErr, replicas] = [null, 0]] = replies;
  if (xaddErr) throw xaddErr;
  if (typeof id !== "string" || !id) throw new Error(`XADD to ${stream} returned no id`);
  if (waitErr) throw waitErr;
  if (Number(replicas) < acks.replicas) throw new ReplicationError(`XADD to ${stream} reached ${Number(replicas)} of ${acks.replicas} replicas in ${acks.timeoutMs} ms`);
  return id;
}

/** A publish the master took but too few replicas confirmed in time: not acknowledged. */
export class ReplicationError extends Error {
  override readonly name = "ReplicationError";
}
