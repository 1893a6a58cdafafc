// A stand-in for the LLM provider service: it speaks the stream contract (comparison requests in,
// results on the callback topic) with a deterministic judge, and can misbehave on purpose.
import { createConsumer, on, type Consumer } from "@shared/bus/consumer.ts";
import { createDlqWriter } from "@shared/bus/dlq-writer.ts";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import type { Redis } from "ioredis";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import {
  LlmComparisonCompletedTopic, LlmComparisonRequestedTopic, type LlmComparisonRequest, type LlmComparisonResult,
} from "@shared/contracts/events/llm.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";

/** What the stand-in does with one request (by default: judge it once, at once). */
export interface Behaviour {
  /** Answer with an error result carrying this code instead of a verdict. */
  error?: string;
  /** Extra copies of the result, each a new event (same request id). */
  duplicates?: number;
  /** Publish the very same envelope again (a bus redelivery). */
  redeliver?: boolean;
  /** Never answer (a lost callback). */
  drop?: boolean;
  delayMs?: number;
}

export interface StandInOptions {
  redis: Redis;
  /** Default judge: the text with more words wins; a tie goes to position A. */
  judge?: (request: LlmComparisonRequest) => "essay_a" | "essay_b";
  behaviour?: (request: LlmComparisonRequest, seen: number) => Behaviour;
  /** The judge's confidence in its winner (default 0.9); null: the provider gave none. */
  confidence?: (request: LlmComparisonRequest) => number | null;
}

export function wordCount(text: string | undefined): number {
  return (text ?? "").split(/\s+/).filter(Boolean).length;
}

export function longerWins(request: LlmComparisonRequest): "essay_a" | "essay_b" {
  return wordCount(request.essay_b.text) > wordCount(request.essay_a.text) ? "essay_b" : "essay_a";
}

export interface StandIn {
  readonly requests: LlmComparisonRequest[];
  readonly published: EventEnvelope<LlmComparisonResult>[];
  /** Publish every result sent so far again as new events (late deliveries). */
  replayAsNewEvents(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLpsStandIn(options: StandInOptions): Promise<StandIn> {
  const { redis } = options;
  const judge = options.judge ?? longerWins;
  const requests: LlmComparisonRequest[] = [];
  const published: EventEnvelope<LlmComparisonResult>[] = [];
  const logger = createMemoryLogger("lps-stand-in");
  const pendingDelays = new Set<Promise<void>>();

  const publish = async (data: LlmComparisonResult) => {
    const envelope = makeEnvelope(LlmComparisonCompletedTopic, { data, source: "llm-provider", correlationId: data.metadata.correlation_id ?? crypto.randomUUID() });
    await publishEnvelope(redis, LlmComparisonCompletedTopic, envelope);
    published.push(envelope);
    return envelope;
  };

  const answer = async (request: LlmComparisonRequest, b: Behaviour) => {
    const base = {
      request_id: request.request_id, provider: "stand-in", model: "word-count", usage: { input_tokens: 10, output_tokens: 2 },
      cost_usd: 0, latency_ms: 1, metadata: request.metadata,
    };
    const result: LlmComparisonResult = b.error
      ? { ...base, status: "error", error: { code: b.error, message: "stand-in error", retryable: true }, winner: null, justification: null, confidence: null }
      : { ...base, status: "success", error: null, winner: judge(request), justification: "longer", confidence: options.confidence ? options.confidence(request) : 0.9 };
    const envelope = await publish(result);
    for (let k = 0; k < (b.duplicates ?? 0); k++) await publish(result);
    if (b.redeliver) await publishEnvelope(redis, LlmComparisonCompletedTopic, envelope);
  };

  const consumer: Consumer = createConsumer({
    redis, group: "llm-provider-stand-in", logger, blockMs: 100, reclaimIdleMs: 500,
    dlq: createDlqWriter({ redis, logger, timeoutMs: 1000 }),
    handlers: [
      on(LlmComparisonRequestedTopic, async (envelope) => {
        const request = envelope.data;
        requests.push(request);
        const b = options.behaviour?.(request, requests.length) ?? {};
        if (b.drop) return;
        if (b.delayMs) {
          const later = Bun.sleep(b.delayMs).then(() => answer(request, b));
          pendingDelays.add(later);
          void later.finally(() => pendingDelays.delete(later));
          return;
        }
        await answer(request, b);
      }),
    ],
  });
  await consumer.start();
  return {
    requests,
    published,
    async replayAsNewEvents() {
      for (const envelope of [...published]) await publish(envelope.data);
    },
    async stop() {
      await consumer.stop();
      await Promise.allSettled([...pendingDelays]);
    },
  };
}
