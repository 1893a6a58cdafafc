import * as v from "valibot";
import { PhaseNameSchema, PipelineNameSchema, type PhaseName, type PipelineName } from "@shared/contracts/enums.ts";

const StepSchema = v.strictObject({
  phase: PhaseNameSchema,
  command_topic: v.pipe(v.string(), v.minLength(1)),
  depends_on: v.optional(v.array(PhaseNameSchema), []),
});

export const PipelinesFileSchema = v.strictObject({
  pipelines: v.record(PipelineNameSchema, v.strictObject({ steps: v.pipe(v.array(StepSchema), v.minLength(1, "a pipeline needs at least one step")) })),
});

export interface PipelineStep {
  phase: PhaseName;
  commandTopic: string;
  dependsOn: PhaseName[];
}
export type PipelineDefinitions = ReadonlyMap<PipelineName, readonly PipelineStep[]>;

export class PipelineDefinitionError extends Error {
  override readonly name = "PipelineDefinitionError";
}

/** Steps in an order where every dependency comes first; throws on a cycle. */
export function orderByDependencies(pipeline: string, steps: readonly PipelineStep[]): PipelineStep[] {
  const byPhase = new Map(steps.map((s) => [s.phase, s]));
  const ordered: PipelineStep[] = [];
  const state = new Map<PhaseName, "visiting" | "done">();
  const visit = (step: PipelineStep, path: PhaseName[]) => {
    const seen = state.get(step.phase);
    if (seen === "done") return;
    if (seen === "visiting") throw new PipelineDefinitionError(`pipeline "${pipeline}" has a dependency cycle: ${[...path, step.phase].join(" -> ")}`);
    state.set(step.phase, "visiting");
    for (const dep of step.dependsOn) visit(byPhase.get(dep) as PipelineStep, [...path, step.phase]);
    state.set(step.phase, "done");
    ordered.push(step);
  };
  for (const step of steps) visit(step, []);
  return ordered;
}

/**
 * Validate a parsed pipelines file: shape, unknown dependencies, duplicate phases, cycles, and
 * command topics that disagree with `expectedTopics`. Throws PipelineDefinitionError with the reason.
 */
export function validatePipelineDefinitions(raw: unknown, expectedTopics: Record<PhaseName, string>): PipelineDefinitions {
  const parsed = v.safeParse(PipelinesFileSchema, raw);
  if (!parsed.success) {
    const reasons = parsed.issues.map((i) => `${v.getDotPath(i) ?? "(root)"}: ${i.message}`).join("; ");
    throw new PipelineDefinitionError(`pipelines file has a bad shape: ${reasons}`);
  }
  const result = new Map<PipelineName, PipelineStep[]>();
  for (const [name, { steps }] of Object.entries(parsed.output.pipelines) as [PipelineName, { steps: v.InferOutput<typeof StepSchema>[] }][]) {
    const phases = new Set<PhaseName>();
    for (const step of steps) {
      if (phases.has(step.phase)) throw new PipelineDefinitionError(`pipeline "${name}" lists phase "${step.phase}" twice`);
      phases.add(step.phase);
      if (step.command_topic !== expectedTopics[step.phase]) {
        throw new PipelineDefinitionError(`pipeline "${name}" phase "${step.phase}" names topic "${step.command_topic}", expected "${expectedTopics[step.phase]}"`);
      }
    }
    for (const step of steps) {
      for (const dep of step.depends_on) {
        if (!phases.has(dep)) throw new PipelineDefinitionError(`pipeline "${name}" phase "${step.phase}" depends on "${dep}", which is not a step of the pipeline`);
      }
    }
    const mapped = steps.map((s) => ({ phase: s.phase, commandTopic: s.command_topic, dependsOn: s.depends_on }));
    result.set(name, orderByDependencies(name, mapped));
  }
  return result;
}
