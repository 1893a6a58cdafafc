import { LlmComparisonCompletedTopic, LlmComparisonRequestedTopic } from "@shared/contracts/events/llm.ts";
import type { PlannedComparison } from "../domain/pairing.ts";
import { ItemKind } from "../domain/statuses.ts";
import { SERVICE_NAME } from "../config.ts";
import type { BatchRow, ItemRow } from "../db/batch-store.ts";
import { insertRequest, insertRound } from "../db/comparison-store.ts";
import type { WorkflowTx } from "./workflow.ts";

/** What the LLM is shown for one item: essays by their id, anchors prefixed so ids never collide. */
function judged(item: ItemRow) {
  return { id: item.kind === ItemKind.ANCHOR ? `anchor:${item.refId}` : item.refId, text: item.text };
}

/** Queue the request for a pair in the outbox (its cj_requests row is written by the caller). */
function emitRequest(w: WorkflowTx, batch: BatchRow, a: ItemRow, b: ItemRow, pairId: string, requestId: string): void {
  const ttl = w.settings.requestTtlMs;
  w.emit(LlmComparisonRequestedTopic, {
    data: {
      request_id: requestId,
      language: batch.language,
      instructions: batch.essayInstructions,
      prompt_text: batch.promptText,
      expires_at: ttl > 0 ? new Date(w.now.getTime() + ttl).toISOString() : null,
      callback_topic: LlmComparisonCompletedTopic.name,
      metadata: { batch_id: batch.batchId, pair_id: pairId, correlation_id: batch.correlationId, user_id: batch.userId, requester: SERVICE_NAME },
      essay_a: judged(a),
      essay_b: judged(b),
    },
    source: SERVICE_NAME,
    correlationId: batch.correlationId,
    metadata: { batch_id: batch.batchId, user_id: batch.userId },
  });
}

function itemsOfPair(batch: BatchRow, items: readonly ItemRow[], pair: { pairId: string; itemA: number; itemB: number }): [ItemRow, ItemRow] {
  const a = items[pair.itemA];
  const b = items[pair.itemB];
  if (!a || !b) throw new Error(`pair ${pair.pairId} names an item outside batch ${batch.batchId}`);
  return [a, b];
}

/**
 * Record a new request for a pair and queue it in the outbox. The pair's position order is kept, so
 * a retry asks the same question.
 */
export function issueRequest(
  w: WorkflowTx, batch: BatchRow, items: readonly ItemRow[], pair: { pairId: string; itemA: number; itemB: number }, requestId: string = crypto.randomUUID(),
): string {
  const [a, b] = itemsOfPair(batch, items, pair);
  insertRequest(w.tx, { requestId, batchId: batch.batchId, pairId: pair.pairId, issuedAt: w.now.toISOString() });
  emitRequest(w, batch, a, b, pair.pairId, requestId);
  return requestId;
}

/** Store a planned round's pairs (unique per batch, round and pair) and send one request each. */
export function issueRound(w: WorkflowTx, batch: BatchRow, items: readonly ItemRow[], round: number, planned: readonly PlannedComparison[]): void {
  const at = w.now.toISOString();
  const pairs = planned.map((comparison) => ({
    pairId: crypto.randomUUID(), batchId: batch.batchId, round, itemA: comparison.a, itemB: comparison.b, currentRequestId: crypto.randomUUID(), createdAt: at,
  }));
  const judgedPairs = pairs.map((pair) => itemsOfPair(batch, items, pair));
  insertRound(w.tx, pairs, pairs.map((pair) => ({ requestId: pair.currentRequestId, batchId: batch.batchId, pairId: pair.pairId, issuedAt: at })));
  pairs.forEach((pair, i) => emitRequest(w, batch, judgedPairs[i]![0], judgedPairs[i]![1], pair.pairId, pair.currentRequestId));
}
