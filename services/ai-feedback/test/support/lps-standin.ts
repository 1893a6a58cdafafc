import type { Redis } from "ioredis";
import { createConsumer, on, type Consumer } from "@shared/bus/consumer.ts";
import { createDlqWriter } from "@shared/bus/dlq-writer.ts";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import { LlmFeedbackCompletedTopic, LlmFeedbackRequestedTopic, type LlmFeedbackRequest, type LlmFeedbackResult } from "@shared/contracts/events/llm.ts";
import type { StructuredFeedback } from "@shared/contracts/feedback.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";

/** What the stand-in says to one request: the answer part of a result. */
export type StandInAnswer =
  | { status: "success"; feedback_text: string | null; feedback?: StructuredFeedback }
  | { status: "error"; error: { code: string; message: string; retryable: boolean } };

export interface LpsStandIn {
  /** Every feedback request received, in order. */
  requests: LlmFeedbackRequest[];
  /** Every result envelope published, in order. */
  results: EventEnvelope<LlmFeedbackResult>[];
  /** Answers per request (several = duplicate callbacks); default: one success with a short text. */
  reply: (request: LlmFeedbackRequest) => StandInAnswer[];
  stop(): Promise<void>;
}

export const standInFeedback = (request: LlmFeedbackRequest) =>
  `Dear student, your essay ${request.essay.id} reads well.\n\nCheck your spelling and vary your sentences.`;

/**
 * Stands in for LPS at its stream boundary: reads LlmFeedbackRequested in its own consumer group
 * and answers on the request's callback topic with the request's metadata, as LPS does.
 */
export async function startLpsStandIn(redis: Redis, options: { blockMs: number }): Promise<LpsStandIn> {
  const logger = createMemoryLogger("lps-standin");
  const standIn: LpsStandIn = {
    requests: [], results: [],
    reply: (request) => [{ status: "success", feedback_text: standInFeedback(request) }],
    stop: async () => undefined,
  };
  const handler = on(LlmFeedbackRequestedTopic, async (envelope) => {
    const request = envelope.data;
    standIn.requests.push(request);
    if (request.callback_topic !== LlmFeedbackCompletedTopic.name) throw new Error(`unexpected callback topic ${request.callback_topic}`);
    for (const answer of standIn.reply(request)) {
      const result = makeEnvelope(LlmFeedbackCompletedTopic, {
        data: {
          request_id: request.request_id, provider: "standin", model: "standin-1", usage: { input_tokens: 100, output_tokens: 50 },
          cost_usd: 0, latency_ms: 5, metadata: request.metadata,
          ...(answer.status === "success"
            ? { status: "success", feedback_text: answer.feedback_text, ...(answer.feedback ? { feedback: answer.feedback } : {}) }
            : { status: "error", error: answer.error }),
        },
        source: "llm-provider", correlationId: envelope.correlation_id,
      });
      await publishEnvelope(redis, LlmFeedbackCompletedTopic, result);
      standIn.results.push(result);
    }
  });
  const consumer: Consumer = createConsumer({
    redis, group: "llm-provider-standin", handlers: [handler], logger, blockMs: options.blockMs, reclaimIdleMs: 500,
    dlq: createDlqWriter({ redis, logger, timeoutMs: 1000 }),
  });
  await consumer.start();
  standIn.stop = () => consumer.stop();
  return standIn;
}
