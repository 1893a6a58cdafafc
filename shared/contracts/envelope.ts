import * as v from "valibot";

export const EnvelopeMetadataSchema = v.object({
  user_id: v.optional(v.string()),
  /** W3C trace context of the span that emitted the event; `trace_id`/`span_id` repeat it for log search. */
  traceparent: v.optional(v.pipe(v.string(), v.maxLength(128))),
  trace_id: v.optional(v.string()),
  span_id: v.optional(v.string()),
  batch_id: v.optional(v.string()),
});

/** The envelope every event travels in; `data` is checked by the topic's schema. */
export function envelopeSchema<S extends v.GenericSchema>(data: S) {
  return v.object({
    event_id: v.pipe(v.string(), v.uuid()),
    event_type: v.string(),
    event_timestamp: v.pipe(v.string(), v.isoTimestamp()),
    source_service: v.string(),
    correlation_id: v.string(),
    schema_version: v.number(),
    data,
    metadata: v.optional(EnvelopeMetadataSchema),
  });
}

const AnyEnvelopeSchema = envelopeSchema(v.unknown());
export type EventEnvelope<T = unknown> = Omit<v.InferOutput<typeof AnyEnvelopeSchema>, "data"> & { data: T };
export type EnvelopeMetadata = v.InferOutput<typeof EnvelopeMetadataSchema>;
