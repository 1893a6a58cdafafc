import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { openApiDocument } from "../src/http/openapi.ts";
import { BatchStatusViewSchema, UserBatchListSchema } from "../src/http/schemas.ts";
import { denial, registration, statusChanged } from "./support/events.ts";
import { headers, startHarness, type Harness } from "./support/harness.ts";

const owner = `teacher-${crypto.randomUUID()}`;
const denied = crypto.randomUUID();
const plain = crypto.randomUUID();
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  const t0 = Date.now() - 60_000;
  const at = (s: number) => ({ at: new Date(t0 + s * 1000).toISOString() });
  for (const [i, id] of [plain, denied].entries()) {
    const reg = registration(id, owner, [crypto.randomUUID()]);
    await h.publish(reg.topic, reg.data as never, at(i));
  }
  await h.settled();
  for (const s of [statusChanged(denied, owner, "READY_FOR_PIPELINE_EXECUTION"), denial(denied, owner)]) {
    await h.publish(s.topic, s.data as never, at(10));
  }
  await h.settled();
});
afterAll(async () => {
  await h.stop();
});

describe("internal read API", () => {
  test("every route requires the internal key", async () => {
    for (const path of [`/internal/v1/batches/${plain}/status`, `/internal/v1/batches/${plain}/results`, `/internal/v1/users/${owner}/batches`]) {
      const missing = await h.get(path, {});
      expect(missing.status).toBe(401);
      expect(await missing.json()).toMatchObject({ error_code: "AUTHENTICATION_ERROR" });
      expect((await h.get(path, { "X-Internal-API-Key": "wrong" })).status).toBe(401);
      expect((await h.get(path, headers)).status).toBe(200);
    }
  });

  test("an unknown batch is 404 on status and results", async () => {
    for (const path of [`/internal/v1/batches/${crypto.randomUUID()}/status`, `/internal/v1/batches/${crypto.randomUUID()}/results`]) {
      const res = await h.get(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error_code: "RESOURCE_NOT_FOUND", service: "result-aggregator" });
    }
  });

  test("a pipeline denial is visible in the batch status with its code, issue and message", async () => {
    const view = v.parse(BatchStatusViewSchema, await h.json(`/internal/v1/batches/${denied}/status`));
    expect(view).toMatchObject({
      user_id: owner, status: "READY_FOR_PIPELINE_EXECUTION",
      denial: {
        requested_pipeline: "cj_assessment", error_code: "BCS_PIPELINE_COMPATIBILITY_FAILED", compatibility_issue: "prompt_not_attached",
        message: "cj_assessment needs a student prompt",
      },
    });
    expect((await h.json<{ denial: unknown }>(`/internal/v1/batches/${plain}/status`)).denial).toBeNull();
  });

  test("a user's batches, newest first, with their owner; another user sees none", async () => {
    const list = v.parse(UserBatchListSchema, await h.json(`/internal/v1/users/${owner}/batches`));
    expect(list).toMatchObject({ user_id: owner, total: 2, limit: 100, offset: 0 });
    expect(list.batches.map((b) => [b.batch_id, b.user_id, b.status, b.essay_count])).toEqual([
      [denied, owner, "READY_FOR_PIPELINE_EXECUTION", 1], [plain, owner, "AWAITING_CONTENT", 1],
    ]);
    expect(list.batches[0]?.denial?.compatibility_issue).toBe("prompt_not_attached");
    const paged = await h.json<{ batches: { batch_id: string }[]; total: number }>(`/internal/v1/users/${owner}/batches?limit=1&offset=1`);
    expect(paged.batches.map((b) => b.batch_id)).toEqual([plain]);
    expect(paged.total).toBe(2);
    expect(await h.json(`/internal/v1/users/someone-else/batches`)).toMatchObject({ batches: [], total: 0 });
    expect((await h.get(`/internal/v1/users/${owner}/batches?limit=0`)).status).toBe(400);
  });

  test("the OpenAPI document names every route and is served", async () => {
    const doc = openApiDocument();
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual([
      "/internal/v1/batches/{batch_id}/results", "/internal/v1/batches/{batch_id}/status", "/internal/v1/users/{user_id}/batches",
    ]);
    expect(await (await h.get("/openapi.json", {})).json()).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
