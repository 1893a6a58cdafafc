import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { INTERNAL_KEY, startGatewayFixture, type ErrorBody, type GatewayFixture } from "./gateway-fixture.ts";

let gw: GatewayFixture;
let teacher: string;
beforeAll(async () => {
  gw = await startGatewayFixture();
  teacher = await gw.identity.token({ sub: "teacher-1", org_id: "org-7" });
});
afterAll(async () => {
  await gw.stop();
});

const PROMPT_REF = { references: { student_prompt_text: { storage_id: "prompt-123", path: "prompts/eng5.txt" } } };
const VALID = { expected_essay_count: 3, course_code: "ENG5", essay_instructions: "Write about a journey.", student_prompt_ref: PROMPT_REF };

async function register(body: unknown, token = teacher, headers: Record<string, string> = {}) {
  return gw.call("POST", "/v1/batches/register", token, body, headers);
}

describe("registration mapping", () => {
  test("BOS receives the request with user_id and org_id from the token and the prompt reference unchanged", async () => {
    const res = await register({ ...VALID, class_id: "class-1", cj_settings: { total_budget: 50 } }, teacher, { "X-Correlation-ID": "corr-reg-1", "Idempotency-Key": "reg-1" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { batch_id: string; correlation_id: string };
    expect(Object.keys(body).sort()).toEqual(["batch_id", "correlation_id"]);
    expect(body.correlation_id).toBe("corr-reg-1");
    const received = gw.bos.registrations.at(-1)!;
    expect(received.correlationId).toBe("corr-reg-1");
    expect(received.idempotencyKey).toBe("reg-1");
    expect(received.body).toEqual({ ...VALID, class_id: "class-1", cj_settings: { total_budget: 50 }, user_id: "teacher-1", org_id: "org-7" });
    expect(gw.bos.batches.get(body.batch_id)?.student_prompt_ref).toEqual(PROMPT_REF);
    const call = gw.bos.requests.at(-1)!;
    expect(call.headers["x-internal-api-key"]).toBe(INTERNAL_KEY);
  });

  test("without a prompt and without an organisation, neither is invented", async () => {
    const solo = await gw.identity.token({ sub: "solo-teacher" });
    const { student_prompt_ref: _ref, ...noPrompt } = VALID;
    expect((await register(noPrompt, solo)).status).toBe(201);
    const received = gw.bos.registrations.at(-1)!.body;
    expect(received.user_id).toBe("solo-teacher");
    expect("org_id" in received).toBe(false);
    expect("student_prompt_ref" in received).toBe(false);
  });

  test("a user_id or org_id in the body is refused, never forwarded", async () => {
    const before = gw.bos.registrations.length;
    for (const smuggled of [{ user_id: "someone-else" }, { org_id: "other-org" }]) {
      const res = await register({ ...VALID, ...smuggled });
      expect(res.status).toBe(400);
      const fields = ((await res.json()) as ErrorBody).details?.fields ?? {};
      expect(Object.keys(fields)).toEqual(Object.keys(smuggled));
    }
    expect(gw.bos.registrations.length).toBe(before);
  });
});

describe("registration validation → 400 VALIDATION_ERROR with field-level details", () => {
  const cases: [string, unknown, string[]][] = [
    ["missing fields", {}, ["course_code", "essay_instructions", "expected_essay_count"]],
    ["wrong types", { expected_essay_count: "three", course_code: 5, essay_instructions: ["x"] }, ["course_code", "essay_instructions", "expected_essay_count"]],
    ["count of 0", { ...VALID, expected_essay_count: 0 }, ["expected_essay_count"]],
    ["fractional count", { ...VALID, expected_essay_count: 2.5 }, ["expected_essay_count"]],
    ["unknown course code", { ...VALID, course_code: "MATH1" }, ["course_code"]],
    ["prompt ref without references", { ...VALID, student_prompt_ref: { storage_id: "x" } }, ["student_prompt_ref.references"]],
    ["prompt ref with empty references", { ...VALID, student_prompt_ref: { references: {} } }, ["student_prompt_ref.references"]],
    ["prompt ref with unknown content type", { ...VALID, student_prompt_ref: { references: { homework: { storage_id: "x" } } } }, ["student_prompt_ref.references.homework"]],
    ["prompt ref with empty storage id", { ...VALID, student_prompt_ref: { references: { student_prompt_text: { storage_id: "" } } } }, ["student_prompt_ref.references.student_prompt_text.storage_id"]],
  ];
  for (const [name, body, fields] of cases) {
    test(name, async () => {
      const before = gw.bos.registrations.length;
      const res = await register(body);
      expect(res.status).toBe(400);
      const error = (await res.json()) as ErrorBody;
      expect(error.error_code).toBe("VALIDATION_ERROR");
      expect(error.message).toContain("Invalid request body");
      for (const field of fields) expect(Object.keys(error.details?.fields ?? {})).toContain(field);
      expect(gw.bos.registrations.length).toBe(before);
    });
  }

  test("a malformed Idempotency-Key", async () => {
    const res = await register(VALID, teacher, { "Idempotency-Key": "x".repeat(201) });
    expect(res.status).toBe(400);
    expect(Object.keys(((await res.json()) as ErrorBody).details?.fields ?? {})).toEqual(["Idempotency-Key"]);
  });

  test("a body that is not JSON", async () => {
    const res = await register("{not json");
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error_code).toBe("VALIDATION_ERROR");
  });
});

describe("BOS failures", () => {
  test("BOS slower than the timeout → 504 TIMEOUT; BOS down → 502 EXTERNAL_SERVICE_ERROR", async () => {
    gw.bos.setDelay(1500);
    try {
      const slow = await register(VALID);
      expect(slow.status).toBe(504);
      expect(((await slow.json()) as ErrorBody).error_code).toBe("TIMEOUT");
    } finally {
      gw.bos.setDelay(0);
    }
    const down = await startGatewayFixture({ redis: gw.redis, env: { BOS_URL: "http://127.0.0.1:9" } });
    try {
      const res = await down.call("POST", "/v1/batches/register", await down.identity.token({ sub: "t" }), VALID);
      expect(res.status).toBe(502);
      const body = (await res.json()) as ErrorBody;
      expect(body.error_code).toBe("EXTERNAL_SERVICE_ERROR");
      expect(body.details?.upstream).toBe("batch-orchestrator");
    } finally {
      await down.stop();
    }
  });
});
