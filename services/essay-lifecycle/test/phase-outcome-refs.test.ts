import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { PhaseName } from "@shared/contracts/enums.ts";
import { ELSBatchPhaseOutcomeTopic } from "@shared/contracts/events/els.ts";
import type { EssayTextRef } from "@shared/contracts/events/essay-ref.ts";
import { MAX_OUTCOME_CORRECTIONS } from "@shared/contracts/events/phase-outcome.ts";
import { EssayNlpCompletedTopic, EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { settle, startHarness, waitFor, type ElsHarness } from "./support/els-harness.ts";
import { commandTopic, nlpResult, phaseCommand, provisionedBatch, spellcheckResult } from "./support/fixtures.ts";

let h: ElsHarness;
beforeAll(async () => {
  h = await startHarness();
  await h.startWorker();
});
afterAll(async () => {
  await h.stop();
});

const outcomeOf = (batchId: string, phase: PhaseName) =>
  waitFor(`${phase} outcome`, async () => (await h.events(ELSBatchPhaseOutcomeTopic, batchId)).find((o) => o.phase === phase));

describe("the phase outcome carries the owner and each essay's result references", () => {
  test("spellcheck then nlp: owner, corrected texts, capped corrections, stored metrics and grammar ids, failure reasons", async () => {
    const { batchId, essays } = await provisionedBatch(h, 2);
    const [a, b] = essays as [EssayTextRef, EssayTextRef];
    await h.publish(commandTopic(PhaseName.SPELLCHECK), phaseCommand(batchId, PhaseName.SPELLCHECK, essays));
    const many = Array.from({ length: MAX_OUTCOME_CORRECTIONS + 5 }, (_, i) => ({ offset: i * 10, original: `teh${i}`, replacement: `the${i}` }));
    const spellA = { ...spellcheckResult(batchId, a, true), corrections: many, correction_count: many.length };
    await h.publish(EssaySpellcheckCompletedTopic, spellA);
    await h.publish(EssaySpellcheckCompletedTopic, spellA); // a repeated result counts once
    await h.publish(EssaySpellcheckCompletedTopic, spellcheckResult(batchId, b, true));
    const spell = await outcomeOf(batchId, PhaseName.SPELLCHECK);

    // The consumer's schema accepts what the producer wrote.
    expect(v.safeParse(ELSBatchPhaseOutcomeTopic.schema, spell).success).toBe(true);
    expect(spell).toMatchObject({ user_id: "teacher-1", org_id: null, status: "COMPLETED_SUCCESSFULLY" });
    expect(spell.essay_results?.map((e) => [e.essay_id, e.status, e.text_storage_id])).toEqual([
      [a.essay_id, "success", `corrected-${a.essay_id}`], [b.essay_id, "success", `corrected-${b.essay_id}`],
    ]);
    const refsA = spell.essay_results?.[0]?.result_refs.spellcheck;
    expect(refsA?.corrected_text_storage_id).toBe(`corrected-${a.essay_id}`);
    expect(refsA?.correction_count).toBe(MAX_OUTCOME_CORRECTIONS + 5);
    expect(refsA?.corrections).toHaveLength(MAX_OUTCOME_CORRECTIONS);
    expect(refsA?.corrections[0]).toEqual({ offset: 0, original: "teh0", replacement: "the0" });
    expect(spell.essay_results?.[1]?.result_refs).toEqual({ spellcheck: { corrected_text_storage_id: `corrected-${b.essay_id}`, correction_count: 0, corrections: [] } });

    const corrected = spell.processed_essays as [EssayTextRef, EssayTextRef];
    await h.publish(commandTopic(PhaseName.NLP), phaseCommand(batchId, PhaseName.NLP, corrected));
    await h.publish(EssayNlpCompletedTopic, {
      ...nlpResult(batchId, corrected[0], true), grammar_storage_id: `grammar-${a.essay_id}`, metrics: { words: 120, mtld: null, cefr: "B1" },
    });
    await h.publish(EssayNlpCompletedTopic, nlpResult(batchId, corrected[1], false));
    const nlp = await outcomeOf(batchId, PhaseName.NLP);
    expect(nlp).toMatchObject({ user_id: "teacher-1", status: "COMPLETED_WITH_FAILURES", failed_essay_ids: [b.essay_id] });
    expect(nlp.essay_results).toEqual([
      {
        essay_id: a.essay_id, status: "success", text_storage_id: `corrected-${a.essay_id}`, failure_reason: null,
        result_refs: { nlp: { metrics_storage_id: `metrics-${a.essay_id}`, grammar_storage_id: `grammar-${a.essay_id}`, metrics: { words: 120 } } },
      },
      { essay_id: b.essay_id, status: "failed", text_storage_id: `corrected-${b.essay_id}`, failure_reason: "NLP_FAILED", result_refs: {} },
    ]);
    await settle();
    expect(await h.events(ELSBatchPhaseOutcomeTopic, batchId)).toHaveLength(2);
  });

  test("an outcome written before the owner and results existed still parses (optional on read)", () => {
    const old = { batch_id: "b", phase: "nlp", status: "COMPLETED_SUCCESSFULLY", processed_essays: [{ essay_id: "e", text_storage_id: "t" }], failed_essay_ids: [] };
    const parsed = v.parse(ELSBatchPhaseOutcomeTopic.schema, old);
    expect(parsed.user_id).toBeUndefined();
    expect(parsed.essay_results).toBeUndefined();
  });
});
