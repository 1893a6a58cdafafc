/**
 * Thrown by a handler to say the message can never succeed: it goes to the DLQ at once.
 * @example throw new PoisonMessageError("essay text is not valid UTF-8")
 */
export class PoisonMessageError extends Error {
  override readonly name = "PoisonMessageError";
}

/** The envelope or its data failed the topic's schema. */
export class SchemaValidationError extends PoisonMessageError {}

/** Streams are created with these retention lengths (approximate, `MAXLEN ~`). */
export const DEFAULT_STREAM_RETENTION = 100_000;
export const DEFAULT_DLQ_RETENTION = 10_000;
