import * as v from "valibot";
import { traceMetadata } from "../observability/trace-context.ts";
import { envelopeSchema, type EnvelopeMetadata, type EventEnvelope } from "./envelope.ts";

/** A Redis stream with the schema of the `data` its events carry. */
export interface Topic<S extends v.GenericSchema = v.GenericSchema> {
  readonly name: string;
  readonly dlq: string;
  readonly schema: S;
  readonly envelope: v.GenericSchema;
  readonly schemaVersion: number;
}
export type TopicData<T extends Topic> = v.InferOutput<T["schema"]>;

const registry = new Map<string, Topic>();

/**
 * Declare a topic once; producers and consumers share it.
 * @example export const BatchEssaysRegisteredTopic = defineTopic("huleedu.batch.essays.registered.v1", schema)
 */
export function defineTopic<S extends v.GenericSchema>(name: string, schema: S, schemaVersion = 1): Topic<S> {
  if (registry.has(name)) throw new Error(`Topic ${name} is defined twice`);
  const topic: Topic<S> = { name, dlq: `${name}.DLQ`, schema, envelope: envelopeSchema(schema), schemaVersion };
  registry.set(name, topic);
  return topic;
}

/** Every topic whose module has been imported (see `shared/contracts/all-topics.ts`). */
export function registeredTopics(): Topic[] {
  return [...registry.values()];
}

export interface EnvelopeInput<T> {
  data: T;
  source: string;
  correlationId: string;
  metadata?: EnvelopeMetadata;
  eventId?: string;
}

/** Build a validated envelope for a topic. Throws if `data` does not fit the topic's schema. */
export function makeEnvelope<S extends v.GenericSchema>(
  topic: Topic<S>,
  input: EnvelopeInput<v.InferInput<S>>,
): EventEnvelope<v.InferOutput<S>> {
  const data = v.parse(topic.schema, input.data);
  const envelope: EventEnvelope<v.InferOutput<S>> = {
    event_id: input.eventId ?? crypto.randomUUID(),
    event_type: topic.name,
    event_timestamp: new Date().toISOString(),
    source_service: input.source,
    correlation_id: input.correlationId,
    schema_version: topic.schemaVersion,
    data,
  };
  // The emitting span's trace travels with the event (explicit metadata wins).
  const trace = traceMetadata();
  if (input.metadata || trace) envelope.metadata = { ...trace, ...input.metadata };
  return envelope;
}
