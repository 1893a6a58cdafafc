import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { loadSamples } from "../../scripts/demo/samples.ts";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { waitForStatus } from "./support/batches.ts";
import { openNotificationSocket } from "./support/notifications.ts";
import { signUpTeacher, storePrompt, uploadFiles, type Teacher } from "./support/teachers.ts";

// A REGULAR batch end to end: a class of 12, the sample essays (names in their headers), author
// suggestions from class-management, the teacher's correction and confirmation, then nlp and
// results that name the roster students. Another teacher sees none of it.
const SERVICES = [
  "content-service", "identity", "batch-conductor", "batch-orchestrator", "els-api", "els-worker", "file-service", "spellchecker", "nlp",
  "result-aggregator", "class-management", "api-gateway",
];
const ROSTER = [
  ["Omar", "Haddad", "omar.haddad@elev.skolan.se"], ["Liam", "Andersson", null], ["Elsa", "Lindqvist", null], ["Noah", "Karlsson", "noah.k@elev.skolan.se"],
  ["Maja", "Berg", null], ["Hugo", "Ekström", null], ["Leo", "Virtanen", null], ["Amira", "Yusuf", null], ["Sofia", "Nyström", null],
  ["William", "Holm", null], ["Ebba", "Sjöberg", "ebba.sjoberg@elev.skolan.se"], ["Alva", "Persson", null],
] as const;
// The essay whose header line is removed: no suggestion is possible, so the teacher corrects it.
const HEADLESS = "04-noah-karlsson.txt";

let e2e: E2EStack;
let teacher: Teacher;
let other: Teacher;

beforeAll(async () => {
  e2e = await startE2EStack({ LOG_LEVEL: "info" }, SERVICES);
  [teacher, other] = await Promise.all([signUpTeacher(e2e), signUpTeacher(e2e)]);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
});

async function call<T>(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${e2e.gateway}${path}`, {
    method, headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as T };
}
type Student = { student_id: string; class_id: string; first_name: string; last_name: string };
type Associations = {
  status: string; class_id: string;
  associations: { essay_id: string; original_file_name: string; suggested_student: Student | null; confidence: number; student: Student | null }[];
};

describe("classes and REGULAR batches", () => {
  test("class of 12 → REGULAR batch → suggestions (≥ 11/12 right, none from another class) → correct one, confirm → nlp → results name the students", async () => {
    const created = await call<{ class_id: string; course_code: string }>(teacher.token, "POST", "/v1/classes", { name: "9A engelska", course_code: "ENG5" });
    expect(created.status).toBe(201);
    const classId = created.body.class_id;
    const studentIds = new Map<string, string>();
    for (const [first, last, email] of ROSTER) {
      const added = await call<Student>(teacher.token, "POST", `/v1/classes/${classId}/students`, { first_name: first, last_name: last, ...(email ? { email } : {}) });
      expect(added.status).toBe(201);
      studentIds.set(`${first} ${last}`, added.body.student_id);
    }
    // A second class of the same teacher with the same names: suggestions must stay within the batch's class.
    const otherClass = await call<{ class_id: string }>(teacher.token, "POST", "/v1/classes", { name: "9B", course_code: "ENG5" });
    for (const [first, last] of ROSTER.slice(0, 4)) await call(teacher.token, "POST", `/v1/classes/${otherClass.body.class_id}/students`, { first_name: first, last_name: last });
    const listed = await call<{ students: Student[] }>(teacher.token, "GET", `/v1/classes/${classId}/students`);
    expect(listed.body.students).toHaveLength(12);
    expect((await call<{ student_count: number }>(teacher.token, "GET", `/v1/classes/${classId}`)).body.student_count).toBe(12);

    // Another teacher can neither see the class nor register a batch with it.
    expect((await call(other.token, "GET", `/v1/classes/${classId}`)).status).toBe(404);
    expect((await call(other.token, "GET", `/v1/classes/${classId}/students`)).status).toBe(404);
    expect((await call(other.token, "POST", `/v1/classes/${classId}/students`, { first_name: "Eve", last_name: "Intruder" })).status).toBe(404);
    const { essays, prompt } = loadSamples();
    const registration = {
      expected_essay_count: essays.length, course_code: "ENG5", essay_instructions: "Should schools ban mobile phones?", class_id: classId,
      student_prompt_ref: await storePrompt(e2e, prompt),
    };
    expect((await call(other.token, "POST", "/v1/batches/register", registration)).status).toBe(404);

    const socket = await openNotificationSocket(e2e.gateway, teacher.token);
    const registered = await call<{ batch_id: string }>(teacher.token, "POST", "/v1/batches/register", registration);
    expect(registered.status).toBe(201);
    const batchId = registered.body.batch_id;
    const files = essays.map((e) => ({ name: e.fileName, type: "text/plain", bytes: e.fileName === HEADLESS ? e.text.replace(/^Name:.*\n/, "") : e.text }));
    expect((await uploadFiles(e2e, teacher.token, batchId, files)).status).toBe(202);
    await socket.waitFor("matching confirmation required", (n) => n.type === "student_matching_confirmation_required" && n.batch_id === batchId);
    socket.close();

    const suggested = await eventually("author suggestions", async () => {
      const got = await call<Associations>(teacher.token, "GET", `/v1/batches/${batchId}/student-associations`);
      return got.status === 200 && got.body.status === "awaiting_confirmation" ? got.body : undefined;
    });
    expect(suggested.associations).toHaveLength(12);
    const expectedName = (file: string) => loadSamples().essays.find((e) => e.fileName === file)?.text.match(/^Name: (.*)$/m)?.[1];
    const right = suggested.associations.filter((a) => a.suggested_student && `${a.suggested_student.first_name} ${a.suggested_student.last_name}` === expectedName(a.original_file_name));
    expect(right.length).toBeGreaterThanOrEqual(11);
    expect(suggested.associations.every((a) => !a.suggested_student || a.suggested_student.class_id === classId)).toBe(true);
    const headless = suggested.associations.find((a) => a.original_file_name === HEADLESS);
    expect(headless?.suggested_student).toBeNull();
    // Not ready until the teacher confirms.
    const { data: before } = await e2e.client(teacher.token).GET("/v1/batches/{batch_id}", { params: { path: { batch_id: batchId } } });
    expect(before?.status).toBe("AWAITING_CONTENT");

    // Another teacher: 404 on the associations and the confirmation.
    expect((await call(other.token, "GET", `/v1/batches/${batchId}/student-associations`)).status).toBe(404);
    expect((await call(other.token, "POST", `/v1/batches/${batchId}/student-associations/confirm`, {})).status).toBe(404);
    // A student of another class cannot be assigned.
    const foreign = (await call<{ students: Student[] }>(teacher.token, "GET", `/v1/classes/${otherClass.body.class_id}/students`)).body.students[0];
    const refused = await call<{ error_code: string }>(teacher.token, "POST", `/v1/batches/${batchId}/student-associations/confirm`, { corrections: [{ essay_id: headless?.essay_id, student_id: foreign?.student_id }] });
    expect(refused.status).toBe(400);

    const confirmed = await call<Associations>(teacher.token, "POST", `/v1/batches/${batchId}/student-associations/confirm`, {
      corrections: [{ essay_id: headless?.essay_id, student_id: studentIds.get("Noah Karlsson") }],
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe("confirmed");
    expect(confirmed.body.associations.filter((a) => a.student).length).toBeGreaterThanOrEqual(12 - (11 - right.length) - 0);
    expect((await call(teacher.token, "POST", `/v1/batches/${batchId}/student-associations/confirm`, {})).status).toBe(409);

    const api = e2e.client(teacher.token);
    await waitForStatus(api, batchId, ["READY_FOR_PIPELINE_EXECUTION"]);
    const { response } = await api.POST("/v1/batches/{batch_id}/pipelines", { params: { path: { batch_id: batchId } }, body: { requested_pipeline: "nlp" } });
    expect(response.status).toBe(202);
    type Result = { file_name: string; student_name: string | null; nlp: unknown };
    const results = await eventually("nlp results for all 12", async () => {
      const got = await call<{ essays: Result[] }>(teacher.token, "GET", `/v1/batches/${batchId}/results`);
      return got.status === 200 && got.body.essays.length === 12 && got.body.essays.every((e) => e.nlp) ? got.body.essays : undefined;
    }, 120_000);
    const named = results.filter((r) => r.student_name === expectedName(r.file_name));
    expect(named.length).toBe(12);
    expect(results.find((r) => r.file_name === HEADLESS)?.student_name).toBe("Noah Karlsson");
  }, 240_000);
});
