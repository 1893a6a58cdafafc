import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type * as v from "valibot";
import type { Topic } from "@shared/contracts/topics.ts";
import { PhaseName } from "@shared/contracts/enums.ts";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import {
  BatchContentProvisioningCompletedTopic, ELSBatchPhaseOutcomeTopic, EssayNlpRequestedTopic, EssaySlotAssignedTopic,
  EssaySpellcheckRequestedTopic, ExcessContentProvisionedTopic,
} from "@shared/contracts/events/els.ts";
import { EssayContentProvisionedTopic, EssayValidationFailedTopic } from "@shared/contracts/events/file.ts";
import { EssayNlpCompletedTopic, EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { settle, startHarness, waitFor, type ElsHarness } from "./support/els-harness.ts";
import { commandTopic, content, essayIdsFor, failure, newBatchId, phaseCommand, registration } from "./support/fixtures.ts";

let h: ElsHarness;
beforeAll(async () => {
  h = await startHarness();
  await h.startWorker();
});
afterAll(async () => {
  await h.stop();
});

type Deliver = <S extends v.GenericSchema>(topic: Topic<S>, data: v.InferInput<S>) => Promise<void>;

const once: Deliver = async (topic, data) => {
  await h.publish(topic, data);
};
/** Every envelope is delivered twice (same event id), as an at-least-once bus may. */
const twice: Deliver = async (topic, data) => {
  const envelope = await h.publish(topic, data);
  await h.republish(topic, envelope);
};

async function waitCount(what: string, read: () => Promise<unknown[]>, n: number) {
  await waitFor(what, async () => (await read()).length >= n);
}

/** Intake (1 rejected file, then 3 files for 3 slots), spellcheck (one essay fails), nlp on the survivors. */
async function runPipeline(deliver: Deliver): Promise<string> {
  const batchId = newBatchId();
  await deliver(BatchEssaysRegisteredTopic, registration(batchId, essayIdsFor(batchId, 3)));
  await deliver(EssayValidationFailedTopic, failure(batchId, 0));
  // Recorded before the last file fills the batch, so the hand-over reports it in every run.
  await waitFor("failure recorded", () => h.query("SELECT * FROM validation_failures WHERE batch_id = ?", batchId).length === 1);
  for (let i = 0; i < 3; i++) await deliver(EssayContentProvisionedTopic, content(batchId, i));
  await waitCount("provisioned", () => h.events(BatchContentProvisioningCompletedTopic, batchId), 1);
  const [completed] = await h.events(BatchContentProvisioningCompletedTopic, batchId);
  const essays = (completed?.essays ?? []).map((e) => ({ essay_id: e.essay_id, text_storage_id: e.text_storage_id }));

  await deliver(commandTopic(PhaseName.SPELLCHECK), phaseCommand(batchId, PhaseName.SPELLCHECK, essays));
  await waitCount("spellcheck requests", () => h.events(EssaySpellcheckRequestedTopic, batchId), 3);
  for (const [i, essay] of essays.entries()) {
    const ok = i !== 1;
    await deliver(EssaySpellcheckCompletedTopic, {
      batch_id: batchId, essay_id: essay.essay_id, status: ok ? "success" : "failed", error: ok ? null : { code: "X", message: "x" },
      language: "en", original_text_storage_id: essay.text_storage_id, corrected_text_storage_id: ok ? `${essay.essay_id}-corrected` : null,
      corrections: [], correction_count: 0, word_count: 10,
    });
  }
  const spell = await waitFor("spellcheck outcome", async () => (await h.events(ELSBatchPhaseOutcomeTopic, batchId)).find((o) => o.phase === "spellcheck"));

  await deliver(commandTopic(PhaseName.NLP), phaseCommand(batchId, PhaseName.NLP, spell.processed_essays));
  await waitCount("nlp requests", () => h.events(EssayNlpRequestedTopic, batchId), 2);
  for (const essay of spell.processed_essays) {
    await deliver(EssayNlpCompletedTopic, {
      batch_id: batchId, essay_id: essay.essay_id, status: "success", error: null, language: "en",
      text_storage_id: essay.text_storage_id, metrics_storage_id: null, metrics: { words: 10 },
    });
  }
  await waitFor("nlp outcome", async () => (await h.events(ELSBatchPhaseOutcomeTopic, batchId)).some((o) => o.phase === "nlp"));
  return batchId;
}

/** Everything ELS holds and said about a batch, with the batch id taken out so two runs compare. */
async function finalState(batchId: string) {
  const essays = h.query("SELECT essay_id, status, text_storage_id, original_text_storage_id, file_upload_id FROM essays WHERE batch_id = ? ORDER BY slot_index", batchId);
  const runs = h.query("SELECT phase, status FROM phase_runs WHERE batch_id = ? ORDER BY started_at", batchId);
  const events = {
    assigned: (await h.events(EssaySlotAssignedTopic, batchId)).length,
    excess: (await h.events(ExcessContentProvisionedTopic, batchId)).length,
    provisioned: await h.events(BatchContentProvisioningCompletedTopic, batchId),
    spellcheckRequests: (await h.events(EssaySpellcheckRequestedTopic, batchId)).length,
    nlpRequests: (await h.events(EssayNlpRequestedTopic, batchId)).length,
    outcomes: await h.events(ELSBatchPhaseOutcomeTopic, batchId),
  };
  return JSON.parse(JSON.stringify({ essays, runs, events }).replaceAll(batchId, "<batch>")) as unknown;
}

describe("duplicate delivery", () => {
  test("every event delivered twice → the same final state as once, and one outcome per phase", async () => {
    const single = await runPipeline(once);
    const doubled = await runPipeline(twice);
    await settle();
    const expected = await finalState(single);
    expect(await finalState(doubled)).toEqual(expected);
    expect(expected).toMatchObject({
      events: { assigned: 3, excess: 0, spellcheckRequests: 3, nlpRequests: 2 },
      runs: [{ phase: "spellcheck", status: "COMPLETED_WITH_FAILURES" }, { phase: "nlp", status: "COMPLETED_SUCCESSFULLY" }],
    });
    const state = expected as { events: { provisioned: unknown[]; outcomes: unknown[] } };
    expect(state.events.provisioned.length).toBe(1);
    expect(state.events.outcomes.length).toBe(2);
  });

  test("results re-sent under new event ids after the phase closed change nothing", async () => {
    const batchId = await runPipeline(once);
    await settle(300);
    const before = await finalState(batchId);
    const essays = h.query<{ essay_id: string }>("SELECT essay_id FROM essays WHERE batch_id = ?", batchId);
    for (const { essay_id } of essays) {
      await h.publish(EssaySpellcheckCompletedTopic, {
        batch_id: batchId, essay_id, status: "failed", error: { code: "LATE", message: "late" }, language: "en",
        original_text_storage_id: "x", corrected_text_storage_id: null, corrections: [], correction_count: 0, word_count: 0,
      });
      await h.publish(EssayNlpCompletedTopic, {
        batch_id: batchId, essay_id, status: "failed", error: null, language: "en", text_storage_id: "x", metrics_storage_id: null, metrics: null,
      });
    }
    await waitFor("late results seen", () => h.logger.lines.filter((l) => l.batch_id === batchId && String(l.msg).startsWith("result for a phase not running")).length === 2 * essays.length);
    expect(await finalState(batchId)).toEqual(before);
  });

  test("the worker logged no errors", () => {
    expect(h.logger.lines.filter((l) => l.level === "error")).toEqual([]);
  });
});
