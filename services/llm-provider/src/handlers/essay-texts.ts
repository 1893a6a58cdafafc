import { type ContentClient, UnusableContentError } from "@shared/http/content-client.ts";
import { type QueuedPayload, RequestKind } from "../db/request-states.ts";
import type { ResultError } from "../queue/result-events.ts";
import { readGrammarCheck } from "./grammar-check.ts";

interface EssayRef {
  id: string;
  text?: string | undefined;
  text_storage_id?: string | undefined;
}

type Resolved = { essay: EssayRef & { text: string } } | { error: ResultError };

async function resolveEssay(essay: EssayRef, content: ContentClient, correlationId: string): Promise<Resolved> {
  let text = essay.text;
  if (text === undefined && essay.text_storage_id) {
    try {
      text = await content.fetchText(essay.text_storage_id, correlationId);
    } catch (err) {
      if (!(err instanceof UnusableContentError)) throw err; // transient: the caller retries
      return { error: { code: err.code === "VALIDATION_ERROR" ? "VALIDATION_ERROR" : "RESOURCE_NOT_FOUND", message: `essay ${essay.id}: ${err.message}`, retryable: false } };
    }
  }
  if (text === undefined) {
    return { error: { code: "VALIDATION_ERROR", message: `essay ${essay.id} has neither text nor text_storage_id`, retryable: false } };
  }
  if (!text.trim()) return { error: { code: "VALIDATION_ERROR", message: `essay ${essay.id} is empty`, retryable: false } };
  return { essay: { ...essay, text } };
}

/**
 * The payload with every essay's text inline (fetched from the content service by storage id), and
 * a feedback request's grammar check beside it. A missing or empty essay is an error result, not a
 * retry; a missing grammar check is simply not used.
 * @throws HuleEduError EXTERNAL_SERVICE_ERROR when the content service cannot be asked.
 */
export async function resolveEssayTexts(
  payload: QueuedPayload,
  content: ContentClient,
  correlationId: string,
): Promise<{ payload: QueuedPayload } | { error: ResultError }> {
  if (payload.kind === RequestKind.COMPARISON) {
    const [a, b] = await Promise.all([
      resolveEssay(payload.request.essay_a, content, correlationId),
      resolveEssay(payload.request.essay_b, content, correlationId),
    ]);
    if ("error" in a) return a;
    if ("error" in b) return b;
    return { payload: { kind: payload.kind, request: { ...payload.request, essay_a: a.essay, essay_b: b.essay } } };
  }
  const one = await resolveEssay(payload.request.essay, content, correlationId);
  if ("error" in one) return one;
  const request = payload.request;
  const grammar = request.grammar ?? await readGrammarCheck(
    { grammarStorageId: request.grammar_storage_id, textStorageId: request.essay.text_storage_id }, content, correlationId,
  );
  return { payload: { kind: payload.kind, request: { ...request, essay: one.essay, ...(grammar ? { grammar } : {}) } } };
}
