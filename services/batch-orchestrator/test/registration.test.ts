import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import { eventually, headers, promptRef, registrationBody, startHarness, type Harness } from "./support/harness.ts";

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.stop(); });

interface Registered { batch_id: string; correlation_id: string; essay_ids: string[] }
const get = (path: string) => fetch(`${h.url}${path}`, { headers });

describe("batch registration", () => {
  test("stores the whole context with the prompt reference and announces the essays", async () => {
    const ref = promptRef();
    const res = await h.register(registrationBody({ expected_essay_count: 3, course_code: "SV2", student_prompt_ref: ref, assignment_id: "asg-1" }), { "X-Correlation-ID": "corr-reg-1" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Registered;
    expect(body.correlation_id).toBe("corr-reg-1");
    expect(body.essay_ids).toHaveLength(3);
    expect(new Set(body.essay_ids).size).toBe(3);

    const summary = await (await get(`/internal/v1/batches/${body.batch_id}`)).json();
    expect(summary).toMatchObject({
      batch_id: body.batch_id, user_id: "teacher-1", org_id: "org-1", status: "AWAITING_CONTENT", course_code: "SV2", language: "sv",
      essay_instructions: "Write about your summer.", class_id: "9A", assignment_id: "asg-1", student_prompt_ref: ref,
      cj_settings: { total_budget: 40, seed: 7 }, counts: { expected: 3, provisioned: 0, failed: 0 }, current_pipeline: null,
    });

    const [event] = await eventually(async () => {
      const found = await h.events(BatchEssaysRegisteredTopic, body.batch_id);
      return found.length > 0 && found;
    }, 5000, "BatchEssaysRegistered");
    expect(event?.correlation_id).toBe("corr-reg-1");
    expect(event?.data).toEqual({
      batch_id: body.batch_id, expected_essay_count: 3, essay_ids: body.essay_ids, course_code: "SV2", language: "sv",
      essay_instructions: "Write about your summer.", student_prompt_ref: ref, user_id: "teacher-1", org_id: "org-1",
      class_id: "9A", assignment_id: "asg-1",
    });

    const state = await (await get(`/internal/v1/batches/${body.batch_id}/pipeline-state`)).json();
    expect(state).toEqual({
      batch_id: body.batch_id, user_id: "teacher-1",
      pipeline_state: { batch_status: "AWAITING_CONTENT", active_pipeline: null, current_phase: null, completed_phases: [], runs: [] },
    });
  });

  test("a batch without a prompt is registered with a null prompt reference", async () => {
    const body = (await (await h.register(registrationBody({ user_id: "teacher-np" }))).json()) as Registered;
    const [event] = await eventually(async () => {
      const found = await h.events(BatchEssaysRegisteredTopic, body.batch_id);
      return found.length > 0 && found;
    });
    expect((event?.data as { student_prompt_ref: unknown; language: string }).student_prompt_ref).toBeNull();
    expect((event?.data as { language: string }).language).toBe("en");
  });

  test.each([
    ["a missing field", { course_code: undefined }, "course_code"],
    ["a wrong type", { expected_essay_count: "three" }, "expected_essay_count"],
    ["a count of 0", { expected_essay_count: 0 }, "expected_essay_count"],
    ["a malformed student_prompt_ref", { student_prompt_ref: { references: { student_prompt_text: { storage_id: "" } } } }, "student_prompt_ref.references.student_prompt_text.storage_id"],
    ["an unknown content type in student_prompt_ref", { student_prompt_ref: { references: { recipe: { storage_id: "x" } } } }, "student_prompt_ref.references.recipe"],
    ["a missing user_id", { user_id: undefined }, "user_id"],
  ])("400 with field details for %s", async (_what, overrides, field) => {
    const res = await h.register(registrationBody(overrides));
    expect(res.status).toBe(400);
    const error = (await res.json()) as { error_code: string; details: { fields: Record<string, string> } };
    expect(error.error_code).toBe("VALIDATION_ERROR");
    expect(Object.keys(error.details.fields)).toContain(field);
  });

  test("400 for a body that is not JSON", async () => {
    const res = await fetch(`${h.url}/internal/v1/batches/register`, { method: "POST", headers, body: "{not json" });
    expect(res.status).toBe(400);
  });

  test("401 without the internal key, and nothing is stored", async () => {
    const res = await fetch(`${h.url}/internal/v1/batches/register`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(registrationBody({ user_id: "no-key" })),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error_code: string }).error_code).toBe("AUTHENTICATION_ERROR");
    const list = (await (await get("/internal/v1/users/no-key/batches")).json()) as { batches: unknown[] };
    expect(list.batches).toHaveLength(0);
  });

  test("the same Idempotency-Key from the same user gives the same batch and one event", async () => {
    const key = { "Idempotency-Key": `idem-${crypto.randomUUID()}` };
    const body = registrationBody({ user_id: "teacher-idem" });
    const first = (await (await h.register(body, key)).json()) as Registered;
    const again = await h.register(body, key);
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toEqual(first);
    const otherUser = (await (await h.register({ ...body, user_id: "teacher-idem-2" }, key)).json()) as Registered;
    expect(otherUser.batch_id).not.toBe(first.batch_id);
    const conflict = await h.register({ ...body, expected_essay_count: 5 }, key);
    expect(conflict.status).toBe(409);
    await h.settled();
    const events = await h.events(BatchEssaysRegisteredTopic, first.batch_id);
    expect(events).toHaveLength(1);
    const list = (await (await get("/internal/v1/users/teacher-idem/batches")).json()) as { batches: unknown[] };
    expect(list.batches).toHaveLength(1);
  });
});

describe("batch reads", () => {
  test("unknown batch is 404 on summary and pipeline state", async () => {
    for (const path of [`/internal/v1/batches/${crypto.randomUUID()}`, `/internal/v1/batches/${crypto.randomUUID()}/pipeline-state`]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error_code: string }).error_code).toBe("RESOURCE_NOT_FOUND");
    }
  });

  test("a user's batches are listed newest first, only theirs, with paging", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await (await h.register(registrationBody({ user_id: "teacher-list" }))).json()) as Registered).batch_id);
    await h.register(registrationBody({ user_id: "someone-else" }));
    const list = (await (await get("/internal/v1/users/teacher-list/batches")).json()) as { batches: { batch_id: string; user_id: string }[] };
    expect(list.batches.map((b) => b.batch_id)).toEqual([...ids].reverse());
    const page = (await (await get("/internal/v1/users/teacher-list/batches?limit=1&offset=1")).json()) as { batches: { batch_id: string }[] };
    expect(page.batches.map((b) => b.batch_id)).toEqual([ids[1] as string]);
    expect((await get("/internal/v1/users/teacher-list/batches?limit=0")).status).toBe(400);
    const awaiting = (await (await get("/internal/v1/users/teacher-list/batches?status=AWAITING_CONTENT")).json()) as { batches: unknown[] };
    expect(awaiting.batches).toHaveLength(3);
    const ready = (await (await get("/internal/v1/users/teacher-list/batches?status=READY_FOR_PIPELINE_EXECUTION")).json()) as { batches: unknown[] };
    expect(ready.batches).toHaveLength(0);
    expect((await get("/internal/v1/users/teacher-list/batches?status=SOMETHING")).status).toBe(400);
  });
});

describe("prompt amendment", () => {
  const patch = (batchId: string, body: unknown) =>
    fetch(`${h.url}/internal/v1/batches/${batchId}/prompt`, { method: "PATCH", headers, body: JSON.stringify(body) });

  test("the owner can attach a prompt; others get 404; a malformed reference is 400", async () => {
    const { batch_id } = (await (await h.register(registrationBody({ user_id: "teacher-patch" }))).json()) as Registered;
    const ref = promptRef();
    const res = await patch(batch_id, { user_id: "teacher-patch", student_prompt_ref: ref });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { student_prompt_ref: unknown }).student_prompt_ref).toEqual(ref);
    expect((await patch(batch_id, { user_id: "intruder", student_prompt_ref: promptRef() })).status).toBe(404);
    expect((await patch(crypto.randomUUID(), { user_id: "teacher-patch", student_prompt_ref: promptRef() })).status).toBe(404);
    expect((await patch(batch_id, { user_id: "teacher-patch", student_prompt_ref: { references: {} } })).status).toBe(400);
    const summary = (await (await get(`/internal/v1/batches/${batch_id}`)).json()) as { student_prompt_ref: unknown };
    expect(summary.student_prompt_ref).toEqual(ref);
  });
});

describe("service basics", () => {
  test("health, readiness (redis and database) and the OpenAPI document", async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    const ready = (await (await fetch(`${h.url}/readyz`)).json()) as { checks: Record<string, boolean> };
    expect(ready.checks).toEqual({ redis: true, database: true });
    const doc = (await (await fetch(`${h.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain("/internal/v1/batches/{batch_id}/pipeline-state");
  });
});
