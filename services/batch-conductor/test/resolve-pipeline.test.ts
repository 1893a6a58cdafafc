import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { PhaseName } from "@shared/contracts/enums.ts";
import { EXPECTED_COMMAND_TOPICS, loadPipelineDefinitions } from "../src/load-pipelines.ts";
import { validatePipelineDefinitions } from "../src/domain/pipeline-definitions.ts";
import { resolvePipeline } from "../src/domain/resolve-pipeline.ts";

const definitions = loadPipelineDefinitions(join(import.meta.dir, "../pipelines.yaml"));
const resolve = (requestedPipeline: string, completed: PhaseName[] = [], promptAttached = true) =>
  resolvePipeline(definitions, { requestedPipeline, completedPhases: new Set(completed), promptAttached });

function caught(fn: () => unknown): HuleEduError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HuleEduError) return err;
    throw err;
  }
  throw new Error("expected a HuleEduError");
}

describe("resolvePipeline", () => {
  test("comprehensive runs every phase with dependencies first", () => {
    const phases = resolve("comprehensive").toRun.map((s) => s.phase);
    expect(phases).toEqual(["spellcheck", "nlp", "cj_assessment", "ai_feedback"]);
  });

  test("completed phases are pruned", () => {
    const r = resolve("nlp", ["spellcheck"]);
    expect(r.toRun.map((s) => s.phase)).toEqual(["nlp"]);
    expect(r.pruned).toEqual(["spellcheck"]);
    expect(resolve("comprehensive", ["spellcheck", "nlp"]).toRun.map((s) => s.phase)).toEqual(["cj_assessment", "ai_feedback"]);
  });

  test("a prompt-dependent pipeline without a prompt is refused with prompt_not_attached", () => {
    for (const pipeline of ["cj_assessment", "ai_feedback", "nlp", "comprehensive"]) {
      const err = caught(() => resolve(pipeline, [], false));
      expect(err.code).toBe("BCS_PIPELINE_COMPATIBILITY_FAILED");
      expect(err.details.compatibility_issue).toBe("prompt_not_attached");
    }
  });

  test("with the prompt attached the error never appears; spellcheck needs no prompt", () => {
    for (const pipeline of ["cj_assessment", "ai_feedback", "nlp", "comprehensive"]) {
      expect(resolve(pipeline, [], true).toRun.length).toBeGreaterThan(0);
    }
    expect(resolve("spellcheck", [], false).toRun.map((s) => s.phase)).toEqual(["spellcheck"]);
  });

  test("an unknown pipeline is a validation error naming the known ones", () => {
    const err = caught(() => resolve("grammar"));
    expect(err.code).toBe("VALIDATION_ERROR");
    expect(err.details.known_pipelines).toContain("comprehensive");
  });
});

describe("pipeline definitions", () => {
  const step = (phase: string, depends_on: string[] = []) => ({ phase, command_topic: EXPECTED_COMMAND_TOPICS[phase as PhaseName], depends_on });
  const validate = (pipelines: unknown) => () => validatePipelineDefinitions({ pipelines }, EXPECTED_COMMAND_TOPICS);

  test("steps listed out of order are put in dependency order", () => {
    const defs = validatePipelineDefinitions({ pipelines: { nlp: { steps: [step("nlp", ["spellcheck"]), step("spellcheck")] } } }, EXPECTED_COMMAND_TOPICS);
    expect(defs.get("nlp")?.map((s) => s.phase)).toEqual(["spellcheck", "nlp"]);
  });
  test("an unknown dependency is refused with the reason", () => {
    expect(validate({ nlp: { steps: [step("nlp", ["spellcheck"])] } })).toThrow('depends on "spellcheck", which is not a step');
  });
  test("a cycle is refused with the path", () => {
    expect(validate({ nlp: { steps: [step("spellcheck", ["nlp"]), step("nlp", ["spellcheck"])] } })).toThrow("dependency cycle");
  });
  test("a bad shape, an unknown phase or a wrong topic is refused", () => {
    expect(validate({ nlp: { steps: "spellcheck" } })).toThrow("bad shape");
    expect(validate({ nlp: { steps: [step("grammar")] } })).toThrow("bad shape");
    expect(validate({ nlp: { steps: [{ ...step("nlp"), command_topic: "huleedu.wrong.v1" }] } })).toThrow('expected "huleedu.els.nlp.initiate.command.v1"');
    expect(validate({ nlp: { steps: [step("nlp"), step("nlp")] } })).toThrow("twice");
  });
});
