import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { readyBatch, waitForStatus } from "./support/batches.ts";
import { signUpTeacher, uploadFiles, type Teacher } from "./support/teachers.ts";

// Issue 12: the spellchecker asks class-management for the names on a REGULAR batch's class roster
// and never "corrects" them, while a real misspelling in the same essay is still fixed. The same
// essay in a GUEST batch (no class, so no roster) shows the names would otherwise be changed.
const SERVICES = [
  "content-service", "identity", "batch-conductor", "batch-orchestrator", "els-api", "els-worker", "file-service", "class-management", "spellchecker",
  "result-aggregator", "api-gateway",
];
// No header line: a capitalised name mid-sentence would already be taken for a name by the text alone.
const ESSAY = "Kallle and I walk to school every morning. Thorne is my best freind and we recieve the same letters. "
  + "Kallle's dog waits for us at the gate. We think mobile phones should be allowed in the breaks.";
const FIXED = ["freind>friend", "recieve>receive"];

let e2e: E2EStack;
let teacher: Teacher;

beforeAll(async () => {
  e2e = await startE2EStack({ LOG_LEVEL: "info" }, SERVICES);
  teacher = await signUpTeacher(e2e);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
});

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${e2e.gateway}${path}`, {
    method, headers: { Authorization: `Bearer ${teacher.token}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as T };
}

type Corrections = { original: string; replacement: string }[];
/** Run the spellcheck pipeline on a ready batch and return its one essay's corrections as "original>replacement". */
async function spellchecked(batchId: string): Promise<string[]> {
  const api = e2e.client(teacher.token);
  const { response } = await api.POST("/v1/batches/{batch_id}/pipelines", { params: { path: { batch_id: batchId } }, body: { requested_pipeline: "spellcheck" } });
  expect(response.status).toBe(202);
  const corrections = await eventually(`spellcheck result of ${batchId}`, async () => {
    const got = await call<{ essays: { spellcheck: { corrections: Corrections } | null }[] }>("GET", `/v1/batches/${batchId}/results`);
    return got.status === 200 && got.body.essays[0]?.spellcheck ? got.body.essays[0].spellcheck.corrections : undefined;
  }, 90_000);
  return corrections.map((c) => `${c.original}>${c.replacement}`);
}

describe("roster names in the spellcheck", () => {
  test("a class with Kallle and Lizzie Thorne → their essay keeps the names, misspellings are fixed; the same essay without a class loses them", async () => {
    const cls = await call<{ class_id: string }>("POST", "/v1/classes", { name: "9A engelska", course_code: "ENG5" });
    expect(cls.status).toBe(201);
    const classId = cls.body.class_id;
    const ids: string[] = [];
    for (const [first_name, last_name] of [["Kallle", "Thorne"], ["Lizzie", "Thorne"]]) {
      const added = await call<{ student_id: string }>("POST", `/v1/classes/${classId}/students`, { first_name, last_name });
      expect(added.status).toBe(201);
      ids.push(added.body.student_id);
    }

    const registered = await call<{ batch_id: string }>("POST", "/v1/batches/register", {
      expected_essay_count: 1, course_code: "ENG5", essay_instructions: "Should schools ban mobile phones?", class_id: classId,
    });
    expect(registered.status).toBe(201);
    const regular = registered.body.batch_id;
    expect((await uploadFiles(e2e, teacher.token, regular, [{ name: "essay-kallle.txt", bytes: ESSAY, type: "text/plain" }])).status).toBe(202);
    const associations = await eventually("author suggestions", async () => {
      const got = await call<{ status: string; associations: { essay_id: string }[] }>("GET", `/v1/batches/${regular}/student-associations`);
      return got.status === 200 && got.body.status === "awaiting_confirmation" ? got.body.associations : undefined;
    }, 60_000);
    const confirmed = await call("POST", `/v1/batches/${regular}/student-associations/confirm`, {
      corrections: [{ essay_id: associations[0]?.essay_id, student_id: ids[0] }],
    });
    expect(confirmed.status).toBe(200);
    await waitForStatus(e2e.client(teacher.token), regular, ["READY_FOR_PIPELINE_EXECUTION"]);

    const guest = await readyBatch(e2e, teacher, [ESSAY]);

    const withRoster = await spellchecked(regular);
    expect([...withRoster].sort()).toEqual(FIXED);
    const withoutRoster = await spellchecked(guest);
    expect(withoutRoster).toEqual(expect.arrayContaining([...FIXED, "Kallle>Kale", "Thorne>Throne"]));

    // The spellchecker asked class-management and nothing failed on the way.
    const log = readFileSync(e2e.logFile, "utf8");
    expect(log).toContain("/roster-names");
    expect(log).not.toContain("class roster unavailable");
  }, 240_000);
});
