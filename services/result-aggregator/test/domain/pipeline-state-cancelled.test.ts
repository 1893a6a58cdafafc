import { expect, test } from "bun:test";
import * as v from "valibot";
import { BosPipelineStateResponseSchema, seedFromPipelineState } from "../../src/domain/pipeline-state.ts";

test("a cancelled run seeds no last pipeline; its cancelled phase is SKIPPED and keeps an earlier result", () => {
  const answer = v.parse(BosPipelineStateResponseSchema, {
    batch_id: "b", user_id: "u",
    pipeline_state: {
      batch_status: "READY_FOR_PIPELINE_EXECUTION", active_pipeline: null,
      runs: [
        { pipeline: "nlp", status: "COMPLETED_SUCCESSFULLY", requested_at: "2026-01-01T10:00:00Z", completed_at: "2026-01-01T10:01:00Z",
          phases: [{ phase: "nlp", status: "COMPLETED_SUCCESSFULLY", started_at: "2026-01-01T10:00:00Z", completed_at: "2026-01-01T10:01:00Z" }] },
        { pipeline: "comprehensive", status: "CANCELLED", requested_at: "2026-01-01T11:00:00Z", completed_at: "2026-01-01T11:05:00Z",
          phases: [
            { phase: "nlp", status: "CANCELLED", started_at: "2026-01-01T11:00:00Z", completed_at: "2026-01-01T11:05:00Z" },
            { phase: "cj_assessment", status: "SKIPPED" },
          ] },
      ],
    },
  });
  const seed = seedFromPipelineState(answer);
  expect(seed.lastPipeline).toMatchObject({ pipeline: "nlp", finalStatus: "COMPLETED_SUCCESSFULLY" });
  expect(seed.phases.find((p) => p.phase === "nlp")).toMatchObject({ status: "COMPLETED_SUCCESSFULLY", pipeline: "nlp" });
});
