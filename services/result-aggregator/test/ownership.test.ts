import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import { ELSBatchPhaseOutcomeTopic } from "@shared/contracts/events/els.ts";
import { EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import type { BatchResultsView, BatchStatusView, UserBatchList } from "../src/http/schemas.ts";
import { registration, spellcheckResult } from "./support/events.ts";
import { eventually, startHarness, type Harness } from "./support/harness.ts";

type Outcome = TopicData<typeof ELSBatchPhaseOutcomeTopic>;

/** ELS's spellcheck outcome as it writes it now: owner and per-essay result references. */
function richOutcome(batchId: string, userId: string, ok: string, failed: string): Outcome {
  return {
    batch_id: batchId, phase: "spellcheck", status: "COMPLETED_WITH_FAILURES", user_id: userId, org_id: "org-7",
    processed_essays: [{ essay_id: ok, text_storage_id: `corr-${ok}` }], failed_essay_ids: [failed],
    essay_results: [
      {
        essay_id: ok, status: "success", text_storage_id: `corr-${ok}`, failure_reason: null,
        result_refs: { spellcheck: { corrected_text_storage_id: `corr-${ok}`, correction_count: 2, corrections: [] } },
      },
      { essay_id: failed, status: "failed", text_storage_id: `orig-${failed}`, failure_reason: "TIMEOUT", result_refs: {} },
    ],
  };
}

describe("ownership from events alone (RAS asks no other service)", () => {
  let h: Harness;
  beforeAll(async () => {
    // A generous delivery limit: an event naming no owner is redelivered until the view exists.
    h = await startHarness({ HULEEDU_BUS_MAX_DELIVERIES: "50", HULEEDU_BUS_RECLAIM_IDLE_MS: "300" });
  });
  afterEach(async () => {
    await h.settled();
  });
  afterAll(async () => {
    await h.stop();
  });

  test("ELS's phase outcome for an unseen batch starts its view, owned by the user it names", async () => {
    const batchId = crypto.randomUUID();
    const [ok, failed] = [crypto.randomUUID(), crypto.randomUUID()];
    await h.publish(ELSBatchPhaseOutcomeTopic, richOutcome(batchId, "teacher-outcome", ok, failed));
    await h.settled();

    const status = await h.json<BatchStatusView>(`/internal/v1/batches/${batchId}/status`);
    expect(status).toMatchObject({ user_id: "teacher-outcome", org_id: "org-7", status: "PROCESSING_PIPELINES", registered_at: null, seeded_from_bos_at: null });
    expect(status.phases.map((p) => [p.phase, p.status, p.processed_count, p.failed_count])).toEqual([["spellcheck", "COMPLETED_WITH_FAILURES", 1, 1]]);
    const list = await h.json<UserBatchList>("/internal/v1/users/teacher-outcome/batches");
    expect(list.batches.map((b) => b.batch_id)).toContain(batchId);
    const results = await h.json<BatchResultsView>(`/internal/v1/batches/${batchId}/results`);
    const failedEssay = results.essays.find((e) => e.essay_id === failed);
    expect(JSON.stringify(failedEssay)).toContain("TIMEOUT");

    // The registration arriving late (older) fills the context; the status the outcome implied stands.
    await h.publish(BatchEssaysRegisteredTopic, registration(batchId, "teacher-outcome", [ok, failed]).data as never, { at: new Date(Date.now() - 60_000).toISOString() });
    await h.settled();
    expect(await h.json<BatchStatusView>(`/internal/v1/batches/${batchId}/status`)).toMatchObject({
      user_id: "teacher-outcome", status: "PROCESSING_PIPELINES", course_code: "ENG5", counts: { expected_essays: 2 },
    });
  });

  test("a redelivered outcome (same event id) changes nothing", async () => {
    const batchId = crypto.randomUUID();
    const envelope = await h.publish(ELSBatchPhaseOutcomeTopic, richOutcome(batchId, "teacher-dup", crypto.randomUUID(), crypto.randomUUID()));
    await h.settled();
    const before = await h.json<BatchStatusView>(`/internal/v1/batches/${batchId}/status`);
    await h.publishAgain(ELSBatchPhaseOutcomeTopic, envelope);
    await h.settled();
    expect(await h.json<BatchStatusView>(`/internal/v1/batches/${batchId}/status`)).toEqual(before);
  });

  test("an event naming no owner waits unacked (no lookup anywhere) until an owner-bearing event builds the view", async () => {
    const batchId = crypto.randomUUID();
    const essayId = crypto.randomUUID();
    await h.publish(EssaySpellcheckCompletedTopic, spellcheckResult(batchId, essayId, true).data as never);
    await eventually(async () => (await h.pending(EssaySpellcheckCompletedTopic)) === 1, 5_000, "the result to stay pending");
    await eventually(() => h.logger.lines.some((l) => l.msg === "event for a batch the view has not seen, naming no owner; left unacked for redelivery" && l.batch_id === batchId), 5_000, "the wait to be logged");
    expect((await h.get(`/internal/v1/batches/${batchId}/status`)).status).toBe(404);

    await h.publish(ELSBatchPhaseOutcomeTopic, richOutcome(batchId, "teacher-late", essayId, crypto.randomUUID()));
    await h.settled();
    expect(await h.pending(EssaySpellcheckCompletedTopic)).toBe(0);
    expect(await h.json<BatchStatusView>(`/internal/v1/batches/${batchId}/status`)).toMatchObject({ user_id: "teacher-late" });
    const results = await h.json<BatchResultsView>(`/internal/v1/batches/${batchId}/results`);
    expect(results.essays.find((e) => e.essay_id === essayId)).toMatchObject({ spellcheck: { status: "success", correction_count: 2 } });
  }, 20_000);

  test("an outcome from an older ELS (no owner) waits for the registration, then applies", async () => {
    const batchId = crypto.randomUUID();
    const essayId = crypto.randomUUID();
    const { user_id: _u, org_id: _o, essay_results: _r, ...old } = richOutcome(batchId, "unused", essayId, crypto.randomUUID());
    await h.publish(ELSBatchPhaseOutcomeTopic, old);
    await eventually(async () => (await h.pending(ELSBatchPhaseOutcomeTopic)) === 1, 5_000, "the outcome to stay pending");
    expect((await h.get(`/internal/v1/batches/${batchId}/status`)).status).toBe(404);

    await h.publish(BatchEssaysRegisteredTopic, registration(batchId, "teacher-registered", [essayId]).data as never);
    await h.settled();
    const status = await h.json<BatchStatusView>(`/internal/v1/batches/${batchId}/status`);
    expect(status).toMatchObject({ user_id: "teacher-registered", course_code: "ENG5" });
    expect(status.phases.map((p) => [p.phase, p.status])).toEqual([["spellcheck", "COMPLETED_WITH_FAILURES"]]);
  }, 20_000);
});
