import { expect, test } from "bun:test";
import * as v from "valibot";
import { PipelineStateResponseSchema } from "@shared/contracts/pipeline-state.ts";
import { seedFromPipelineState } from "../../src/domain/pipeline-state.ts";
import { phase, run } from "../support/pipeline-state.ts";

test("a cancelled run seeds no last pipeline; its cancelled phase is SKIPPED and keeps an earlier result", () => {
  const answer = v.parse(PipelineStateResponseSchema, {
    batch_id: "b", user_id: "u",
    pipeline_state: {
      batch_status: "READY_FOR_PIPELINE_EXECUTION", active_pipeline: null, current_phase: null, completed_phases: ["nlp"],
      runs: [
        run({ pipeline: "nlp", status: "COMPLETED_SUCCESSFULLY", requested_at: "2026-01-01T10:00:00Z", completed_at: "2026-01-01T10:01:00Z",
          phases: [phase("nlp", "COMPLETED_SUCCESSFULLY", "2026-01-01T10:00:00Z", "2026-01-01T10:01:00Z")] }),
        run({ pipeline: "comprehensive", status: "CANCELLED", requested_at: "2026-01-01T11:00:00Z", completed_at: "2026-01-01T11:05:00Z",
          phases: [phase("nlp", "CANCELLED", "2026-01-01T11:00:00Z", "2026-01-01T11:05:00Z"), phase("cj_assessment", "SKIPPED", null, null)] }),
      ],
    },
  });
  const seed = seedFromPipelineState(answer);
  expect(seed.lastPipeline).toMatchObject({ pipeline: "nlp", finalStatus: "COMPLETED_SUCCESSFULLY" });
  expect(seed.phases.find((p) => p.phase === "nlp")).toMatchObject({ status: "COMPLETED_SUCCESSFULLY", pipeline: "nlp" });
});

test("a cancelled phase without an earlier result seeds as SKIPPED", () => {
  const answer = v.parse(PipelineStateResponseSchema, {
    batch_id: "b", user_id: "u",
    pipeline_state: {
      batch_status: "READY_FOR_PIPELINE_EXECUTION", active_pipeline: null, current_phase: null, completed_phases: [],
      runs: [run({ pipeline: "nlp", status: "CANCELLED", requested_at: "2026-01-01T11:00:00Z", completed_at: "2026-01-01T11:05:00Z",
        phases: [phase("nlp", "CANCELLED", "2026-01-01T11:00:00Z", "2026-01-01T11:05:00Z")] })],
    },
  });
  const seed = seedFromPipelineState(answer);
  expect(seed.lastPipeline).toBeNull();
  expect(seed.phases.map((p) => [p.phase, p.status])).toEqual([["nlp", "SKIPPED"]]);
});
