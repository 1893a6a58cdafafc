import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import { EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import type { BatchResultsView, BatchStatusView } from "../src/http/schemas.ts";
import { registration, spellcheckResult } from "./support/events.ts";
import type { FakePipelineState } from "./support/fake-bos.ts";
import { eventually, KEY, startHarness, type Harness } from "./support/harness.ts";

const past = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();

/** BOS's answer for a batch whose comprehensive pipeline is in its spellcheck phase. */
function bosState(batchId: string, userId: string): FakePipelineState {
  return {
    batch_id: batchId, user_id: userId,
    pipeline_state: {
      batch_status: "PROCESSING_PIPELINES", active_pipeline: "nlp", current_phase: "spellcheck", completed_phases: [],
      runs: [{
        run_id: "run-1", pipeline: "nlp", status: "IN_PROGRESS", prompt_source: "context", assignment_id: null, correlation_id: "c-1",
        requested_at: past(60), completed_at: null, pruned_phases: [], retry_of_run_id: null, failed_essay_ids: [],
        phases: [
          { phase: "spellcheck", status: "IN_PROGRESS", depends_on: [], started_at: past(59), completed_at: null, processed_count: null, failed_count: null },
          { phase: "nlp", status: "PENDING", depends_on: ["spellcheck"], started_at: null, completed_at: null, processed_count: null, failed_count: null },
        ],
      }],
    },
  };
}

describe("an event for a batch the view has not seen", () => {
  let h: Harness;
  beforeAll(async () => {
    // A generous delivery limit and reclaim time: BOS stays down across several redeliveries.
    h = await startHarness({ HULEEDU_BUS_MAX_DELIVERIES: "50", HULEEDU_BUS_RECLAIM_IDLE_MS: "700" });
  });
  // Each test starts from drained streams, whatever the one before left pending.
  afterEach(async () => {
    h.bos.setMode("up");
    await h.settled();
  });
  afterAll(async () => {
    await h.stop();
  });

  test("asks BOS (internal key, correlation id) and builds the view from its pipeline state", async () => {
    const batchId = crypto.randomUUID();
    const essayId = crypto.randomUUID();
    h.bos.batches.set(batchId, bosState(batchId, "teacher-seeded"));
    const s = spellcheckResult(batchId, essayId, true);
    await h.publish(EssaySpellcheckCompletedTopic, s.data as never, { correlationId: "corr-seed-1" });
    await h.settled();

    const hits = h.bos.hits.filter((x) => x.batchId === batchId);
    expect(hits).toEqual([{ batchId, internalKey: KEY, correlationId: "corr-seed-1", at: expect.any(Number) }]);
    const status = await h.json<BatchStatusView>(`/internal/v1/batches/${batchId}/status`);
    expect(status).toMatchObject({ user_id: "teacher-seeded", status: "PROCESSING_PIPELINES", current_pipeline: "nlp", registered_at: null });
    expect(status.seeded_from_bos_at).not.toBeNull();
    expect(status.phases.map((p) => [p.phase, p.status, p.pipeline])).toEqual([["spellcheck", "IN_PROGRESS", "nlp"], ["nlp", "PENDING", "nlp"]]);
    const results = await h.json<BatchResultsView>(`/internal/v1/batches/${batchId}/results`);
    expect(results.essays).toHaveLength(1);
    expect(results.essays[0]).toMatchObject({ essay_id: essayId, spellcheck: { status: "success", correction_count: 2 } });

    // The registration arriving late (it is older than BOS's state) fills the context but keeps the status.
    const reg = registration(batchId, "teacher-seeded", [essayId]);
    const registeredAt = past(120);
    await h.publish(BatchEssaysRegisteredTopic, reg.data as never, { at: registeredAt });
    await h.settled();
    const after = await h.json<BatchStatusView>(`/internal/v1/batches/${batchId}/status`);
    expect(after).toMatchObject({ status: "PROCESSING_PIPELINES", course_code: "ENG5", registered_at: registeredAt, counts: { expected_essays: 1, essays: 1 } });
    expect(h.bos.hits.filter((x) => x.batchId === batchId)).toHaveLength(1);
  });

  test("BOS down: bounded retries, a logged failure, the entry stays pending; once BOS is back the view is built", async () => {
    const batchId = crypto.randomUUID();
    h.bos.batches.set(batchId, bosState(batchId, "teacher-down"));
    h.bos.setMode("down");
    const s = spellcheckResult(batchId, crypto.randomUUID(), true);
    await h.publish(EssaySpellcheckCompletedTopic, s.data as never);

    // Two full deliveries: each tries BOS three times, then the bus redelivers the unacked entry.
    // Wait for the second round's failure log, not its sixth request: the log follows BOS's answer.
    const failureLines = () => h.logger.lines.filter((l) => l.msg === "BOS pipeline-state lookup failed after all attempts; the event stays unacked for the bus to retry" && l.batch_id === batchId);
    const failures = await eventually(() => (failureLines().length >= 2 ? failureLines() : undefined), 10_000, "two rounds of BOS attempts");
    expect(h.bos.hits.filter((x) => x.batchId === batchId).length).toBeGreaterThanOrEqual(6);
    expect(failures[0]).toMatchObject({ level: "error", attempts: 3, error_code: "EXTERNAL_SERVICE_ERROR" });
    const attempts = h.logger.lines.filter((l) => l.msg === "BOS pipeline-state lookup attempt failed" && l.batch_id === batchId);
    expect(attempts.slice(0, 3).map((l) => l.attempt)).toEqual([1, 2, 3]);
    expect(attempts.slice(0, 2).map((l) => l.retry_in_ms)).toEqual([20, 40]);
    expect(await h.pending(EssaySpellcheckCompletedTopic)).toBe(1);
    expect((await h.get(`/internal/v1/batches/${batchId}/status`)).status).toBe(404);

    h.bos.setMode("up");
    await h.settled();
    const status = await h.json<BatchStatusView>(`/internal/v1/batches/${batchId}/status`);
    expect(status).toMatchObject({ user_id: "teacher-down", status: "PROCESSING_PIPELINES" });
    expect(await h.pending(EssaySpellcheckCompletedTopic)).toBe(0);
  }, 20_000);

  test("BOS slow: each attempt times out, the entry stays pending; once BOS answers in time the view is built", async () => {
    const batchId = crypto.randomUUID();
    h.bos.batches.set(batchId, bosState(batchId, "teacher-slow"));
    h.bos.slowMs = 1500; // RAS waits 300 ms per attempt in these tests
    h.bos.setMode("slow");
    const s = spellcheckResult(batchId, crypto.randomUUID(), true);
    await h.publish(EssaySpellcheckCompletedTopic, s.data as never);

    const failed = await eventually(
      () => h.logger.lines.find((l) => l.msg === "BOS pipeline-state lookup failed after all attempts; the event stays unacked for the bus to retry" && l.batch_id === batchId),
      10_000, "a failed lookup",
    );
    expect(failed).toMatchObject({ error_code: "TIMEOUT" });
    expect(await h.pending(EssaySpellcheckCompletedTopic)).toBe(1);
    expect((await h.get(`/internal/v1/batches/${batchId}/status`)).status).toBe(404);

    h.bos.setMode("up");
    await h.settled();
    expect(await h.json<BatchStatusView>(`/internal/v1/batches/${batchId}/status`)).toMatchObject({ user_id: "teacher-slow" });
  }, 20_000);

  test("a batch BOS does not know either goes to the DLQ at once with the reason", async () => {
    const batchId = crypto.randomUUID();
    const s = spellcheckResult(batchId, crypto.randomUUID(), true);
    const envelope = await h.publish(EssaySpellcheckCompletedTopic, s.data as never);
    await h.settled();
    const dlq = await h.client.xrange(EssaySpellcheckCompletedTopic.dlq, "-", "+");
    const entry = dlq.map(([, fields]) => Object.fromEntries(Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i], fields[2 * i + 1]])))
      .find((f) => (f.envelope ?? "").includes(envelope.event_id));
    expect(entry).toMatchObject({ reason: "poison_message" });
    expect(entry?.error).toContain("unknown to both RAS and BOS");
    expect(h.bos.hits.filter((x) => x.batchId === batchId)).toHaveLength(1);
    expect((await h.get(`/internal/v1/batches/${batchId}/status`)).status).toBe(404);
  });
});
