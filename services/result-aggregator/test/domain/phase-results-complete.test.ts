import { describe, expect, test } from "bun:test";
import { phaseResultsComplete, type EssayResultMarks } from "../../src/domain/phase-results-complete.ts";

const started = "2026-01-01T10:00:00.000Z";
const later = "2026-01-01T10:00:03.000Z";
const marks = (essayId: string, spellcheckAt: string | null, nlpAt: string | null = null): EssayResultMarks => ({ essayId, spellcheckAt, nlpAt, aiFeedbackAt: null });

describe("phaseResultsComplete", () => {
  test("not before the outcome is stored", () => {
    expect(phaseResultsComplete({ phase: "spellcheck", startedAt: started, processedEssayIds: null }, [marks("a", later)], null)).toBe(false);
  });

  test("every processed essay needs its result of this run; failed essays are not waited for", () => {
    const run = { phase: "spellcheck" as const, startedAt: started, processedEssayIds: ["a", "b"] };
    expect(phaseResultsComplete(run, [marks("a", later)], null)).toBe(false);
    expect(phaseResultsComplete(run, [marks("a", later), marks("b", later), marks("c", null)], null)).toBe(true);
    // b's only result is from an earlier run of the phase (well before this run started).
    expect(phaseResultsComplete(run, [marks("a", later), marks("b", "2026-01-01T09:00:00.000Z")], null)).toBe(false);
    // The other phase's result does not count.
    expect(phaseResultsComplete({ ...run, phase: "nlp" }, [marks("a", later), marks("b", later)], null)).toBe(false);
  });

  test("CJ waits for the batch's published ranking; an empty run is complete at once", () => {
    const run = { phase: "cj_assessment" as const, startedAt: started, processedEssayIds: ["a"] };
    expect(phaseResultsComplete(run, [], null)).toBe(false);
    expect(phaseResultsComplete(run, [], later)).toBe(true);
    expect(phaseResultsComplete({ ...run, processedEssayIds: [] }, [], null)).toBe(true);
  });
});
