import { HuleEduError } from "@shared/contracts/errors.ts";
import { PhaseName, PipelineNameSchema, type PipelineName } from "@shared/contracts/enums.ts";
import * as v from "valibot";
import type { PipelineDefinitions, PipelineStep } from "./pipeline-definitions.ts";

/** Phases that need the student prompt: judging or describing an essay against its task. */
export const PROMPT_DEPENDENT_PHASES: ReadonlySet<PhaseName> = new Set([PhaseName.CJ_ASSESSMENT, PhaseName.AI_FEEDBACK, PhaseName.NLP]);

export interface ResolutionInput {
  requestedPipeline: string;
  completedPhases: ReadonlySet<PhaseName>;
  promptAttached: boolean;
}

export interface Resolution {
  pipeline: PipelineName;
  toRun: PipelineStep[];
  pruned: PhaseName[];
}

/**
 * The phases to run for a request, in dependency order, minus phases the batch already completed.
 * Throws VALIDATION_ERROR for an unknown pipeline and BCS_PIPELINE_COMPATIBILITY_FAILED
 * (`prompt_not_attached`) when a phase to run needs a prompt the batch does not have.
 */
export function resolvePipeline(definitions: PipelineDefinitions, input: ResolutionInput): Resolution {
  const name = v.safeParse(PipelineNameSchema, input.requestedPipeline);
  const steps = name.success ? definitions.get(name.output) : undefined;
  if (!name.success || !steps) {
    throw new HuleEduError("VALIDATION_ERROR", `Unknown pipeline "${input.requestedPipeline}"`, {
      requested_pipeline: input.requestedPipeline,
      known_pipelines: [...definitions.keys()],
    });
  }
  const toRun = steps.filter((s) => !input.completedPhases.has(s.phase));
  const pruned = steps.filter((s) => input.completedPhases.has(s.phase)).map((s) => s.phase);
  const needingPrompt = toRun.filter((s) => PROMPT_DEPENDENT_PHASES.has(s.phase)).map((s) => s.phase);
  if (needingPrompt.length > 0 && !input.promptAttached) {
    throw new HuleEduError(
      "BCS_PIPELINE_COMPATIBILITY_FAILED",
      `Pipeline "${name.output}" needs a student prompt for ${needingPrompt.join(", ")}, and none is attached to the batch`,
      { compatibility_issue: "prompt_not_attached", requested_pipeline: name.output, phases_requiring_prompt: needingPrompt },
    );
  }
  return { pipeline: name.output, toRun, pruned };
}
