/**
 * The result's event id, derived from the request's (a name-based UUID, version 5 layout): a
 * result published again after a crash carries the same id, so consumers deduplicating by event
 * id drop it.
 * @example publish(Topic, { data, eventId: resultEventIdFor("nlp", envelope.event_id) })
 */
export function resultEventIdFor(service: string, requestEventId: string): string {
  const bytes = new Bun.CryptoHasher("sha1").update(`${service}:result:${requestEventId}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
