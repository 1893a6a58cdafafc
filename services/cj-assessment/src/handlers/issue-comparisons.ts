import { LlmComparisonCompletedTopic, LlmComparisonRequestedTopic } from "@shared/contracts/events/llm.ts";
import type { PlannedComparison } from "../domain/pairing.ts";
import { ItemKind } from "../domain/statuses.ts";
import { SERVICE_NAME } from "../config.ts";
import type { BatchRow, ItemRow } from "../db/batch-store.ts";
import { insertPair, insertRequest } from "../db/comparison-store.ts";
import type { WorkflowTx } from "./workflow.ts";

/** What the LLM is shown for one item: essays by their id, anchors prefixed so ids never collide. */
function judged(item: ItemRow) {
  return { id: item.kind === ItemKind.ANCHOR ? `anchor:${item.refId}` : item.refId, text: item.text };
}

/**
 * Record a new request for a pair and queue it in the outbox. The pair's position order is kept, so
 * a retry asks the same question.
 */
export function issueRequest(
  w: WorkflowTx, batch: BatchRow, items: readonly ItemRow[], pair: { pairId: string; itemA: number; itemB: number }, requestId: string = crypto.randomUUID(),
): string {
  const a = items[pair.itemA];
  const b = items[pair.itemB];
  if (!a || !b) throw new Error(`pair ${pair.pairId} names an item outside batch ${batch.batchId}`);
  insertRequest(w.tx, { requestId, batchId: batch.batchId, pairId: pair.pairId, issuedAt: w.now.toISOString() });
  const ttl = w.settings.requestTtlMs;
  w.emit(LlmComparisonRequestedTopic, {
    data: {
      request_id: requestId,
      language: batch.language,
      instructions: batch.essayInstructions,
      prompt_text: batch.promptText,
      expires_at: ttl > 0 ? new Date(w.now.getTime() + ttl).toISOString() : null,
      callback_topic: LlmComparisonCompletedTopic.name,
      metadata: { batch_id: batch.batchId, pair_id: pair.pairId, correlation_id: batch.correlationId, user_id: batch.userId, requester: SERVICE_NAME },
      essay_a: judged(a),
      essay_b: judged(b),
    },
    source: SERVICE_NAME,
    correlationId: batch.correlationId,
    metadata: { batch_id: batch.batchId, user_id: batch.userId },
  });
  return requestId;
}

/** Store a planned round's pairs (unique per batch, round and pair) and send one request each. */
export function issueRound(w: WorkflowTx, batch: BatchRow, items: readonly ItemRow[], round: number, planned: readonly PlannedComparison[]): void {
  for (const comparison of planned) {
    const pairId = crypto.randomUUID();
    const requestId = crypto.randomUUID();
    insertPair(w.tx, { pairId, batchId: batch.batchId, round, itemA: comparison.a, itemB: comparison.b, currentRequestId: requestId, createdAt: w.now.toISOString() });
    issueRequest(w, batch, items, { pairId, itemA: comparison.a, itemB: comparison.b }, requestId);
  }
}
