import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { PHASE_COMMAND_TOPICS } from "@shared/contracts/events/batch.ts";
import type { PhaseName } from "@shared/contracts/enums.ts";
import { PipelineDefinitionError, validatePipelineDefinitions, type PipelineDefinitions } from "./domain/pipeline-definitions.ts";

export const EXPECTED_COMMAND_TOPICS = Object.fromEntries(
  Object.entries(PHASE_COMMAND_TOPICS).map(([phase, topic]) => [phase, topic.name]),
) as Record<PhaseName, string>;

/** Read and validate a pipelines YAML file; the reason is in the error when it is not usable. */
export function loadPipelineDefinitions(path: string): PipelineDefinitions {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new PipelineDefinitionError(`cannot read pipelines file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return validatePipelineDefinitions(raw, EXPECTED_COMMAND_TOPICS);
}
