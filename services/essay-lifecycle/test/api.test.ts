import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { PhaseName } from "@shared/contracts/enums.ts";
import { ELSBatchPhaseOutcomeTopic, EssaySpellcheckRequestedTopic } from "@shared/contracts/events/els.ts";
import { EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { openApiDocument } from "../src/http/openapi.ts";
import { BatchEssaysResponseSchema, EssayDetailResponseSchema } from "../src/http/schemas.ts";
import { INTERNAL_KEY, startHarness, waitFor, type ElsHarness } from "./support/els-harness.ts";
import { commandTopic, phaseCommand, provisionedBatch } from "./support/fixtures.ts";

let h: ElsHarness;
let api: string;
let worker: string;
const headers = { "X-Internal-API-Key": INTERNAL_KEY };
beforeAll(async () => {
  h = await startHarness();
  worker = (await h.startWorker()).url;
  api = (await h.startApi()).url;
});
afterAll(async () => {
  await h.stop();
});

const get = (path: string, init: RequestInit = { headers }) => fetch(`${api}${path}`, init);

describe("ELS read API", () => {
  test("a batch's essays with status, current text, file name and student; an essay with its phase history", async () => {
    const { batchId, essays } = await provisionedBatch(h, 2);
    const res = await get(`/internal/v1/batches/${batchId}/essays`);
    expect(res.status).toBe(200);
    const body = v.parse(BatchEssaysResponseSchema, await res.json());
    expect(body).toMatchObject({ batch_id: batchId, expected_count: 2, provisioning_completed: true });
    expect(body.essays.map((e) => e.essay_id)).toEqual(essays.map((e) => e.essay_id));
    expect(body.essays[0]).toMatchObject({
      status: "READY_FOR_PROCESSING", text_storage_id: essays[0]?.text_storage_id, original_file_name: expect.stringMatching(/^essay-\d\.txt$/),
      student_name: expect.stringMatching(/^Student \d$/), student_email: expect.stringContaining("@school.test"),
    });

    await h.publish(commandTopic(PhaseName.SPELLCHECK), phaseCommand(batchId, PhaseName.SPELLCHECK, essays));
    await waitFor("requests", async () => (await h.events(EssaySpellcheckRequestedTopic, batchId)).length === 2);
    const target = essays[0];
    if (!target) throw new Error("no essay");
    await h.publish(EssaySpellcheckCompletedTopic, {
      batch_id: batchId, essay_id: target.essay_id, status: "success", error: null, language: "en",
      original_text_storage_id: target.text_storage_id, corrected_text_storage_id: "corrected-1", corrections: [], correction_count: 0, word_count: 5,
    });
    await waitFor("essay moved", async () => {
      const essay = v.parse(EssayDetailResponseSchema, await (await get(`/internal/v1/essays/${target.essay_id}`)).json());
      return essay.essay.status === "SPELLCHECK_SUCCESS" ? essay : undefined;
    }).then((essay) => {
      expect(essay.essay).toMatchObject({ batch_id: batchId, text_storage_id: "corrected-1", original_text_storage_id: target.text_storage_id });
      expect(essay.phases).toEqual([expect.objectContaining({ phase: "spellcheck", run_status: "IN_PROGRESS", status: "success", result_text_storage_id: "corrected-1" })]);
    });
    expect(await h.events(ELSBatchPhaseOutcomeTopic, batchId)).toEqual([]); // the other essay is still pending
  });

  test("unknown batch or essay → 404 with an error code", async () => {
    const batch = await get("/internal/v1/batches/no-such-batch/essays");
    expect(batch.status).toBe(404);
    expect(await batch.json()).toMatchObject({ error_code: "RESOURCE_NOT_FOUND", service: "essay-lifecycle" });
    const essay = await get("/internal/v1/essays/no-such-essay");
    expect(essay.status).toBe(404);
    expect(((await essay.json()) as { error_code: string }).error_code).toBe("RESOURCE_NOT_FOUND");
  });

  test("the internal key is required", async () => {
    expect((await get("/internal/v1/essays/x", {})).status).toBe(401);
    const wrong = await get("/internal/v1/batches/x/essays", { headers: { "X-Internal-API-Key": "nope" } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error_code: string }).error_code).toBe("AUTHENTICATION_ERROR");
  });

  test("the API serves its OpenAPI document, health and readiness", async () => {
    expect(await (await get("/openapi.json")).json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    expect((await get("/healthz")).status).toBe(200);
    expect(await (await get("/readyz")).json()).toMatchObject({ status: "ready", checks: { database: true } });
  });

  test("the worker serves health, readiness (redis + database) and metrics", async () => {
    expect((await fetch(`${worker}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${worker}/readyz`)).json()).toMatchObject({ status: "ready", checks: { redis: true, database: true } });
    const metrics = await (await fetch(`${worker}/metrics`)).text();
    expect(metrics).toContain('els_content_outcomes_total{outcome="assigned",service="essay-lifecycle"}');
    expect(metrics).toContain("els_batches_provisioned_total");
  });
});
