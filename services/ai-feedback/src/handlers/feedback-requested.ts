import { on, type EventHandler, type HandlerContext } from "@shared/bus/consumer.ts";
import { EssayAIFeedbackRequestedTopic, type EssayProcessingRequest } from "@shared/contracts/events/els.ts";
import { LlmFeedbackRequestedTopic } from "@shared/contracts/events/llm.ts";
import { ContentType, storageIdOf } from "@shared/contracts/storage.ts";
import { UnusableContentError } from "@shared/http/content-client.ts";
import { essayContext } from "../db/essay-context.ts";
import { alreadyProcessed, insertFeedbackRequest } from "../db/feedback-requests.ts";
import { buildFeedbackRequest } from "../domain/feedback-request.ts";
import { FeedbackRequestStatus } from "../domain/feedback-status.ts";
import { SERVICE_NAME } from "../service-name.ts";
import type { HandlerDeps } from "./deps.ts";
import { requestPredatesCancellation } from "./pipeline-cancelled.ts";

/**
 * The student prompt's text, or null when there is none to be had. A prompt that cannot be read
 * does not cost the student their feedback: it is written without the prompt (and logged). While
 * redeliveries are left, a content outage is thrown so the request is retried.
 */
async function promptText(deps: HandlerDeps, request: EssayProcessingRequest, correlationId: string, ctx: HandlerContext): Promise<string | null> {
  const storageId = storageIdOf(request.student_prompt_ref, ContentType.STUDENT_PROMPT_TEXT);
  if (!storageId) return null;
  try {
    return await deps.content.fetchText(storageId, correlationId);
  } catch (err) {
    if (err instanceof UnusableContentError) {
      ctx.logger.warn("student prompt could not be read; feedback is requested without it", { prompt_storage_id: storageId, reason: err.message });
      return null;
    }
    if (!ctx.lastDelivery) throw err;
    ctx.logger.warn("content service unavailable on the last delivery; feedback is requested without the prompt", { prompt_storage_id: storageId, error: err });
    return null;
  }
}

/**
 * ELS asks for one essay's feedback: gather prompt, corrections and metrics, and send LPS one
 * feedback request (through the outbox), exactly once per request event.
 */
export function feedbackRequestedHandler(deps: HandlerDeps): EventHandler {
  const { uow, db } = deps;
  const requested = deps.metrics.counter("feedback_requests_total", "Feedback requests sent to LPS");

  return on(EssayAIFeedbackRequestedTopic, async (envelope, ctx) => {
    if (alreadyProcessed(db, SERVICE_NAME, envelope.event_id)) {
      ctx.logger.info("feedback request already handled; ignored");
      return;
    }
    const d = envelope.data;
    if (requestPredatesCancellation(db, d.batch_id, envelope.event_timestamp)) {
      uow.runOnce(SERVICE_NAME, envelope.event_id, () => undefined);
      ctx.logger.info("feedback request of a cancelled pipeline; dropped");
      return;
    }
    const prompt = await promptText(deps, d, envelope.correlation_id, ctx);
    const userId = d.user_id ?? envelope.metadata?.user_id ?? null;
    const requestedAt = new Date();
    const expiresAt = deps.llmRequestTtlMs > 0 ? new Date(requestedAt.getTime() + deps.llmRequestTtlMs).toISOString() : null;
    const outcome = uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) => {
      const context = essayContext(tx, d.essay_id, d.batch_id);
      const requestId = crypto.randomUUID();
      insertFeedbackRequest(tx, {
        requestId, requestEventId: envelope.event_id, batchId: d.batch_id, essayId: d.essay_id, textStorageId: d.text_storage_id,
        userId, correlationId: envelope.correlation_id, status: FeedbackRequestStatus.REQUESTED, requestedAt: requestedAt.toISOString(),
      });
      emit(LlmFeedbackRequestedTopic, {
        data: buildFeedbackRequest({
          requestId, request: { ...d, ...(userId ? { user_id: userId } : {}) }, correlationId: envelope.correlation_id,
          promptText: prompt, context, requester: SERVICE_NAME, priority: deps.llmPriority, expiresAt,
        }),
        source: SERVICE_NAME, correlationId: envelope.correlation_id,
        metadata: { batch_id: d.batch_id, ...(userId ? { user_id: userId } : {}) },
      });
      return { requestId, context };
    });
    if (!outcome.applied) return;
    requested.inc();
    const { requestId, context } = outcome.result;
    ctx.logger.info("feedback requested from LPS", {
      request_id: requestId, prompt_attached: prompt !== null, correction_count: context.correctionCount,
      metric_count: Object.keys(context.metrics).length,
    });
  });
}
