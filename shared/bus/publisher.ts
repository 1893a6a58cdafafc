import * as v from "valibot";
import type { Redis } from "./redis.ts";
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

/** XADD an already-serialised envelope (used by the outbox relay, which validated at write). */
export async function publishRaw(redis: Redis, stream: string, envelopeJson: string, retention = DEFAULT_STREAM_RETENTION): Promise<string> {
  const id = await redis.xadd(stream, "MAXLEN", "~", retention, "*", "envelope", envelopeJson);
  if (!id) throw new Error(`XADD to ${stream} returned no id`);
  return id;
}
