import { storageIdOf } from "@shared/contracts/storage.ts";
import type { Db } from "@shared/db/database.ts";
import { ContentNotFoundError, ContentUnavailableError, type ContentClient } from "@shared/http/content-client.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { findAssignment, listAnchors } from "../db/anchor-store.ts";
import type { CJAssessmentRequest, PreparedBatch } from "./start-batch.ts";

export interface PrepareDeps {
  db: Db;
  content: ContentClient;
  log: Logger;
  /** Budget when the request names none: a fixed number, or a factor per item. */
  defaultBudget: { fixed?: number; perItem: number };
  defaultSeed: number;
  /** On the last delivery, texts that still cannot be fetched count as missing instead of failing the batch forever. */
  lastDelivery: boolean;
}

const FETCH_CONCURRENCY = 8;

/** A text that can never be fetched (unknown id, empty text) versus a text we have. */
type FetchedText = { kind: "found"; text: string } | { kind: "missing"; reason: "content_not_found" | "empty_text" | "content_unavailable" };

/**
 * Everything the batch needs that lives outside this service, gathered before the transaction:
 * essay texts and the prompt from the content service, the batch's teacher's anchors for the
 * assignment, budget and seed.
 */
export async function prepareBatch(request: CJAssessmentRequest, correlationId: string, deps: PrepareDeps): Promise<PreparedBatch> {
  const unique = [...new Map(request.essays.map((e) => [e.essay_id, e])).values()];
  const fetched = await mapLimited(unique, FETCH_CONCURRENCY, (e) => fetchOrGiveUp(e.text_storage_id, correlationId, deps));
  const essays = unique.map((e, i) => {
    const got = fetched[i]!;
    return got.kind === "found" ? { essayId: e.essay_id, text: got.text } : { essayId: e.essay_id, missing: got.reason };
  });
  const promptId = storageIdOf(request.student_prompt_ref, "student_prompt_text");
  let promptText: string | null = null;
  if (promptId) {
    const prompt = await fetchOrGiveUp(promptId, correlationId, deps);
    if (prompt.kind === "found") promptText = prompt.text;
    else deps.log.warn("student prompt text not available; comparing without it", { storage_id: promptId, reason: prompt.reason });
  }
  const anchorSet = anchorsFor(request, deps);
  const gradeScale = anchorSet?.gradeScale ?? request.cj_settings?.grade_scale ?? null;
  const itemCount = essays.filter((e) => "text" in e).length + (anchorSet?.anchors.length ?? 0);
  const totalBudget = request.cj_settings?.total_budget ?? deps.defaultBudget.fixed ?? Math.ceil((itemCount * deps.defaultBudget.perItem) / 2);
  return {
    request, correlationId, essays, promptText, anchors: anchorSet?.anchors ?? [], gradeScale, totalBudget,
    seed: request.cj_settings?.seed ?? deps.defaultSeed,
  };
}

function anchorsFor(request: CJAssessmentRequest, deps: PrepareDeps) {
  if (!request.assignment_id) return undefined;
  // Assignment ids are scoped per owner: only the batch's own teacher's anchors can take part.
  const key = { ownerUserId: request.user_id, assignmentId: request.assignment_id };
  const assignment = findAssignment(deps.db, key);
  if (!assignment) return undefined;
  const requested = request.cj_settings?.grade_scale;
  if (requested && requested !== assignment.gradeScale) {
    deps.log.warn("requested grade scale differs from the anchors' scale; the anchors' scale is used", { requested, anchors: assignment.gradeScale });
  }
  const anchors = listAnchors(deps.db, key).map((a) => ({ anchorId: a.anchorId, grade: a.grade, text: a.text }));
  return { gradeScale: assignment.gradeScale, anchors };
}

/** Unknown id or empty text is a miss; an outage throws so the event is retried, until the last delivery. */
async function fetchOrGiveUp(storageId: string, correlationId: string, deps: PrepareDeps): Promise<FetchedText> {
  try {
    // Lenient like Response.text(): a stray invalid byte becomes U+FFFD.
    const text = await deps.content.fetchText(storageId, correlationId, { fatal: false });
    return text.trim().length === 0 ? { kind: "missing", reason: "empty_text" } : { kind: "found", text };
  } catch (err) {
    if (err instanceof ContentNotFoundError) return { kind: "missing", reason: "content_not_found" };
    if (!deps.lastDelivery || !(err instanceof ContentUnavailableError)) throw err;
    deps.log.error("content still unavailable on the last delivery; the essay fails", { storage_id: storageId, error: err });
    return { kind: "missing", reason: "content_unavailable" };
  }
}

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  });
  await Promise.all(runners);
  return out;
}
