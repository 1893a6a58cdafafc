import type { Redis } from "./redis.ts";
import type { Logger } from "../observability/logger.ts";
import type { Counter } from "prom-client";
import { DEFAULT_DLQ_RETENTION } from "./errors.ts";
import { withTimeout } from "./redis.ts";

export interface DlqEntry {
  topic: string;
  reason: string;
  error: string;
  originalId: string;
  deliveryCount: number;
  envelope: string;
  correlationId?: string;
}

export interface DlqWriterOptions {
  redis: Redis;
  logger: Logger;
  timeoutMs?: number;
  retention?: number;
  failures?: Counter<string>;
}

/** Writes to `<topic>.DLQ`; resolves true when written, false when it failed or timed out. */
export type DlqWriter = (entry: DlqEntry) => Promise<boolean>;

/**
 * A DLQ writer bounded in size (`MAXLEN ~`) and in time: it never hangs its caller and never throws.
 * @example const writeDlq = createDlqWriter({ redis, logger, timeoutMs: 5000 })
 */
export function createDlqWriter(options: DlqWriterOptions): DlqWriter {
  const { redis, logger } = { ...options };
  const timeoutMs = options.timeoutMs ?? 5000;
  const retention = options.retention ?? DEFAULT_DLQ_RETENTION;
  return async function writeDlq(entry) {
    const dlq = `${entry.topic}.DLQ`;
    const write = redis.xadd(
      dlq, "MAXLEN", "~", retention, "*",
      "envelope", entry.envelope,
      "reason", entry.reason,
      "error", entry.error,
      "original_id", entry.originalId,
      "delivery_count", String(entry.deliveryCount),
      "failed_at", new Date().toISOString(),
    );
    try {
      await withTimeout(write, timeoutMs, `DLQ write to ${dlq}`);
      return true;
    } catch (err) {
      write.catch(() => undefined);
      options.failures?.inc({ topic: entry.topic });
      logger.error("DLQ publish failed", {
        dlq_topic: dlq, base_topic: entry.topic, dlq_reason: entry.reason,
        original_event_id: entry.originalId, correlation_id: entry.correlationId, error: err,
      });
      return false;
    }
  };
}
