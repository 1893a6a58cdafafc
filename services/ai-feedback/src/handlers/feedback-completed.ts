import { on, type EventHandler, type HandlerContext } from "@shared/bus/consumer.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { StructuredFeedback } from "@shared/contracts/feedback.ts";
import { ResourceConsumptionTopic } from "@shared/contracts/events/entitlements.ts";
import { LlmFeedbackCompletedTopic, type LlmFeedbackResult } from "@shared/contracts/events/llm.ts";
import { EssayAIFeedbackCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { findFeedbackRequest, settleFeedbackRequest, type FeedbackOutcome, type FeedbackRequestRecord } from "../db/feedback-requests.ts";
import { feedbackPreview } from "../domain/feedback-request.ts";
import { FeedbackRequestStatus } from "../domain/feedback-status.ts";
import { SERVICE_NAME } from "../service-name.ts";
import type { HandlerDeps } from "./deps.ts";

type Settlement =
  | { outcome: Extract<FeedbackOutcome, { status: "succeeded" }>; preview: string; feedbackJsonStorageId: string | null }
  | { outcome: Extract<FeedbackOutcome, { status: "failed" }>; error: { code: string; message: string } };

/** The focus areas' explanations and the next step: the feedback's own words, no quoted essay text. */
function quoteFreeSummary(feedback: StructuredFeedback): string {
  return [...[...feedback.focus_areas].sort((a, b) => a.rank - b.rank).map((f) => f.explanation), feedback.next_step].join(" ");
}

const failed = (code: string, message: string, provider: string | null): Settlement =>
  ({ outcome: { status: "failed", errorCode: code, provider }, error: { code, message } });

/**
 * Turn LPS's answer into the essay's outcome; a success stores the feedback text as content first.
 * A content outage is thrown while redeliveries are left, and fails the essay on the last one.
 */
async function settlementFor(deps: HandlerDeps, result: LlmFeedbackResult, request: FeedbackRequestRecord, ctx: HandlerContext): Promise<Settlement> {
  if (result.status !== "success") {
    return failed(result.error?.code ?? "EXTERNAL_SERVICE_ERROR", result.error?.message ?? "LPS reported an error without details", result.provider);
  }
  const text = result.feedback_text?.trim();
  if (!text) return failed("PROCESSING_ERROR", "LPS answered without feedback text", result.provider);
  try {
    const feedbackStorageId = await deps.content.storeText(text, request.correlationId);
    // The structure quotes the essay: it travels as content, and the preview is built without quotes.
    const feedbackJsonStorageId = result.feedback ? await deps.content.storeText(JSON.stringify(result.feedback), request.correlationId) : null;
    return {
      outcome: { status: "succeeded", feedbackStorageId, feedbackJsonStorageId, provider: result.provider },
      preview: feedbackPreview(result.feedback ? quoteFreeSummary(result.feedback) : text, deps.previewChars), feedbackJsonStorageId,
    };
  } catch (err) {
    if (!ctx.lastDelivery) throw err;
    const code = err instanceof HuleEduError ? err.code : "EXTERNAL_SERVICE_ERROR";
    return failed(code, `The feedback could not be stored: ${err instanceof Error ? err.message : String(err)}`, result.provider);
  }
}

/**
 * LPS's answer to one of our requests holds the feedback, which quotes the essay: once handled, its
 * entry is deleted (only this service's group reads the topic; the text is kept as content).
 */
export function isOurFeedbackResult(data: unknown): boolean {
  return (data as Partial<LlmFeedbackResult> | undefined)?.metadata?.requester === SERVICE_NAME;
}

/**
 * LPS answered a feedback request of ours: settle the essay exactly once — one result event for
 * ELS and RAS and, for a success, one consumption of `ai_feedback` (quantity 1 per essay).
 */
export function feedbackCompletedHandler(deps: HandlerDeps): EventHandler {
  const { uow, db } = deps;
  const results = deps.metrics.counter("feedback_results_total", "Essay feedback results by status", ["status"]);

  return on(LlmFeedbackCompletedTopic, async (envelope, ctx) => {
    const result = envelope.data;
    if (result.metadata.requester !== SERVICE_NAME) return; // another service's request on the shared topic
    const log = ctx.logger.child({ request_id: result.request_id, batch_id: result.metadata.batch_id, essay_id: result.metadata.essay_id });
    const request = findFeedbackRequest(db, result.request_id);
    if (!request) {
      log.warn("result for an unknown feedback request; ignored");
      return;
    }
    if (request.status !== FeedbackRequestStatus.REQUESTED) {
      log.info("feedback request already settled; duplicate result ignored", { status: request.status });
      return;
    }
    const settlement = await settlementFor(deps, result, request, ctx);
    const meta = { batch_id: request.batchId, ...(request.userId ? { user_id: request.userId } : {}) };
    const applied = uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) => {
      if (!settleFeedbackRequest(tx, request.requestId, settlement.outcome)) return false;
      const succeeded = settlement.outcome.status === "succeeded";
      emit(EssayAIFeedbackCompletedTopic, {
        data: {
          batch_id: request.batchId, essay_id: request.essayId, status: succeeded ? "success" : "failed",
          error: "error" in settlement ? settlement.error : null, text_storage_id: request.textStorageId,
          feedback_storage_id: settlement.outcome.status === "succeeded" ? settlement.outcome.feedbackStorageId : null,
          feedback_preview: "preview" in settlement ? settlement.preview : null, provider: settlement.outcome.provider,
          feedback: null, feedback_json_storage_id: "feedbackJsonStorageId" in settlement ? settlement.feedbackJsonStorageId : null,
        },
        source: SERVICE_NAME, correlationId: request.correlationId, metadata: meta,
      }, { dedupeKey: `ai-feedback-result:${request.requestId}` });
      if (succeeded && request.userId) {
        emit(ResourceConsumptionTopic, {
          data: { user_id: request.userId, org_id: null, batch_id: request.batchId, resource: "ai_feedback", quantity: 1 },
          source: SERVICE_NAME, correlationId: request.correlationId, metadata: meta,
        }, { dedupeKey: `ai-feedback-consumption:${request.requestId}` });
      }
      return true;
    });
    if (!applied.applied || !applied.result) return;
    results.inc({ status: settlement.outcome.status });
    if (settlement.outcome.status === "succeeded") {
      log.info("feedback stored and published", { feedback_storage_id: settlement.outcome.feedbackStorageId, provider: result.provider });
      if (!request.userId) log.warn("feedback request had no user; no credits consumed");
    } else {
      log.warn("feedback failed", { error_code: settlement.outcome.errorCode, provider: result.provider });
    }
  });
}
