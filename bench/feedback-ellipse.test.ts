// The benchmark's output checked: every quote of the local writer's feedback on real ELLIPSE essays
// is the essay's own text at its offsets. A sample of the essays (measuring all takes minutes);
// `bun bench/feedback-ellipse.ts` prints the same count over all of them.
import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { StructuredFeedbackSchema } from "../shared/contracts/feedback.ts";
import { misquotes, writeAll } from "./feedback-ellipse.ts";
import { batchesOf, ellipseFile, loadEllipseScored, measureAll } from "./support/ellipse-feedback-corpus.ts";
import { prepareEllipse } from "./support/ellipse-feedback-inputs.ts";

const SAMPLE_EVERY = 30;
const file = ellipseFile();

describe.skipIf(!file)("feedback on ELLIPSE essays (sampled)", () => {
  test("every quoted span is verbatim in its essay, and every feedback has the contract's structure", async () => {
    const all = loadEllipseScored(file!);
    const sample = batchesOf(all).flatMap((b) => b.filter((_, i) => i % SAMPLE_EVERY === 0));
    await measureAll(file!, sample);
    const data = await prepareEllipse(sample);
    const outcomes = writeAll(data!.prepared);
    expect(outcomes.length).toBe(sample.length);
    for (const o of outcomes) expect(v.safeParse(StructuredFeedbackSchema, o.written.feedback).success).toBe(true);
    const { quotes, misquoted } = misquotes(outcomes);
    expect(quotes).toBeGreaterThan(sample.length * 2);
    expect(misquoted).toEqual([]);
  }, 600_000);
});
