import type * as v from "valibot";
import { envelopeSchema } from "./envelope.ts";
import { registeredTopics, type Topic } from "./topics.ts";

// A DLQ stream (`<topic>.DLQ`, written by shared/bus/dlq-writer.ts) as a consumable Topic: its
// entries carry the original envelope in `envelope` (plus reason, error, original_id,
// delivery_count, failed_at), so the kit's consumer can parse them with the original data schema.
// These are views of streams the base topic already declares, so they stay out of the topic
// registry (the stream bootstrap creates `<topic>.DLQ` from the base topic); their own DLQ is
// `<topic>.DLQ.DLQ`.

const dlqTopics = new Map<string, Topic>();

/**
 * The DLQ stream of `topic`, typed with the same data schema; one object per DLQ name.
 * @example on(defineDlqTopic(EssayNlpRequestedTopic), async (envelope, ctx) => { … envelope.data.essay_id … })
 */
export function defineDlqTopic<S extends v.GenericSchema>(topic: Topic<S>): Topic<S> {
  const found = dlqTopics.get(topic.dlq);
  if (found) return found as Topic<S>;
  if (registeredTopics().some((t) => t.name === topic.dlq)) throw new Error(`Topic ${topic.dlq} is declared as a topic; it cannot also be ${topic.name}'s DLQ`);
  const dlq: Topic<S> = { name: topic.dlq, dlq: `${topic.dlq}.DLQ`, schema: topic.schema, envelope: envelopeSchema(topic.schema), schemaVersion: topic.schemaVersion };
  dlqTopics.set(dlq.name, dlq);
  return dlq;
}

