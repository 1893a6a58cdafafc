import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEntries } from "../../shared/bus/streams.ts";
import { BatchEssaysRegisteredTopic } from "../../shared/contracts/events/batch.ts";
import { makeDocx, makePdf } from "../fixtures/make-documents.ts";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { signUpTeacher, storePrompt, uploadFiles, type Teacher } from "./support/teachers.ts";

const INTAKE = ["content-service", "identity", "batch-conductor", "batch-orchestrator", "els-api", "els-worker", "file-service", "result-aggregator", "api-gateway"];
const SAMPLES = join(import.meta.dir, "../../samples/essays");
let e2e: E2EStack;
let alice: Teacher;
let bob: Teacher;

beforeAll(async () => {
  e2e = await startE2EStack({}, INTAKE);
  alice = await signUpTeacher(e2e, "org-north");
  bob = await signUpTeacher(e2e);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
});

function sampleLines(file: string): string[] {
  return readFileSync(join(SAMPLES, file), "utf8").split("\n").filter((l) => l.trim() !== "");
}

describe("intake end to end through the gateway", () => {
  test("register with a prompt, upload .txt .docx .pdf, the batch becomes ready", async () => {
    const api = e2e.client(alice.token);
    const prompt = await storePrompt(e2e, "Should schools ban mobile phones? Argue your case.");
    const { data: registered, response } = await api.POST("/v1/batches/register", {
      body: { expected_essay_count: 3, course_code: "ENG5", essay_instructions: "Write an argumentative essay.", student_prompt_ref: prompt },
    });
    expect(response.status).toBe(201);
    const batchId = registered?.batch_id as string;

    const texts = readdirSync(SAMPLES).filter((f) => f.endsWith(".txt")).sort().slice(0, 3).map(sampleLines);
    expect(texts.length).toBe(3);
    const upload = await uploadFiles(e2e, alice.token, batchId, [
      { name: "essay-one.txt", bytes: texts[0]!.join("\n\n"), type: "text/plain" },
      { name: "essay-two.docx", bytes: await makeDocx(texts[1]!) },
      { name: "essay-three.pdf", bytes: await makePdf(texts[2]!), type: "application/pdf" },
    ]);
    expect(upload.status).toBe(202);
    expect(upload.body.files?.map((f) => f.accepted)).toEqual([true, true, true]);

    const ready = await eventually("batch ready", async () => {
      const { data } = await api.GET("/v1/batches/{batch_id}", { params: { path: { batch_id: batchId } } });
      return data?.status === "READY_FOR_PIPELINE_EXECUTION" ? data : undefined;
    });
    expect(ready.counts).toEqual({ expected: 3, provisioned: 3, failed: 0 });
    expect(ready.student_prompt_ref).toEqual(prompt);

    const redis = e2e.redis.client();
    const registeredEvents = parseEntries(await redis.xrange(BatchEssaysRegisteredTopic.name, "-", "+"))
      .map((e) => JSON.parse(e.fields.envelope ?? "{}"))
      .filter((env) => env.data.batch_id === batchId);
    expect(registeredEvents.length).toBe(1);
    expect(registeredEvents[0].data.student_prompt_ref).toEqual(prompt);
    expect(registeredEvents[0].data.user_id).toBe(alice.userId);

    const { data: list } = await api.GET("/v1/batches");
    expect(list?.batches.map((b) => b.batch_id)).toContain(batchId);
  });

  test("a corrupt .docx and an empty .txt are rejected and keep the batch open; the right files complete it", async () => {
    const api = e2e.client(alice.token);
    const { data: registered } = await api.POST("/v1/batches/register", {
      body: { expected_essay_count: 3, course_code: "SV2", essay_instructions: "Skriv en argumenterande text." },
    });
    const batchId = registered?.batch_id as string;
    const essay = (name: string, topic: string) => `Name: ${name}\n\n` + `${topic} stör undervisningen i skolan och därför borde de förbjudas. `.repeat(10);
    const upload = await uploadFiles(e2e, alice.token, batchId, [
      { name: "good.txt", bytes: essay("Anna Svensson", "Mobiltelefoner"), type: "text/plain" },
      { name: "broken.docx", bytes: new Uint8Array([80, 75, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8]) },
      { name: "empty.txt", bytes: "", type: "text/plain" },
    ]);
    expect(upload.body.files?.filter((f) => !f.accepted).length).toBe(2);
    const path = { params: { path: { batch_id: batchId } } };
    await Bun.sleep(1500); // time for ELS to (wrongly) hand the batch on
    expect((await api.GET("/v1/batches/{batch_id}", path)).data?.status).toBe("AWAITING_CONTENT");
    const second = await uploadFiles(e2e, alice.token, batchId, [
      { name: "fixed.txt", bytes: essay("Bo Ek", "Surfplattor"), type: "text/plain" },
      { name: "third.txt", bytes: essay("Cia Berg", "Hörlurar"), type: "text/plain" },
    ]);
    expect(second.status).toBe(202);
    const ready = await eventually("batch ready once every essay has content", async () => {
      const { data } = await api.GET("/v1/batches/{batch_id}", path);
      return data?.status === "READY_FOR_PIPELINE_EXECUTION" ? data : undefined;
    });
    expect(ready.counts).toEqual({ expected: 3, provisioned: 3, failed: 2 });
  });

  test("99 junk files for a 2-essay batch never make it unusable: the 2 right files are accepted afterwards", async () => {
    const api = e2e.client(alice.token);
    const { data: registered } = await api.POST("/v1/batches/register", {
      body: { expected_essay_count: 2, course_code: "ENG5", essay_instructions: "Describe a place." },
    });
    const batchId = registered?.batch_id as string;
    const junk = Array.from({ length: 99 }, (_, i) => ({ name: `junk-${i}.txt`, bytes: `x${i}`, type: "text/plain" }));
    const first = await uploadFiles(e2e, alice.token, batchId, junk);
    expect(first.body.files?.every((f) => !f.accepted)).toBe(true);
    const path = { params: { path: { batch_id: batchId } } };
    await Bun.sleep(1500);
    expect((await api.GET("/v1/batches/{batch_id}", path)).data?.status).toBe("AWAITING_CONTENT");
    const place = (name: string, where: string) => `Name: ${name}\n\n` + `${where} is a quiet place where people walk, read and talk by the water. `.repeat(8);
    const right = await uploadFiles(e2e, alice.token, batchId, [
      { name: "one.txt", bytes: place("Ann Lee", "The harbour"), type: "text/plain" },
      { name: "two.txt", bytes: place("Ben Ode", "The old park"), type: "text/plain" },
    ]);
    expect(right.status).toBe(202);
    expect(right.body.files?.every((f) => f.accepted)).toBe(true);
    const ready = await eventually("batch ready with the two right essays", async () => {
      const { data } = await api.GET("/v1/batches/{batch_id}", path);
      return data?.status === "READY_FOR_PIPELINE_EXECUTION" ? data : undefined;
    });
    expect(ready.counts).toMatchObject({ expected: 2, provisioned: 2 });
  });

  test("another teacher gets 404 on every route of the batch, and no token is 401", async () => {
    const { data: registered } = await e2e.client(alice.token).POST("/v1/batches/register", {
      body: { expected_essay_count: 1, course_code: "ENG6", essay_instructions: "Describe your town." },
    });
    const batchId = registered?.batch_id as string;
    const path = { params: { path: { batch_id: batchId } } };
    const asBob = e2e.client(bob.token);
    const statuses = [
      (await asBob.GET("/v1/batches/{batch_id}", path)).response.status,
      (await asBob.GET("/v1/batches/{batch_id}/status", path)).response.status,
      (await asBob.GET("/v1/batches/{batch_id}/results", path)).response.status,
      (await asBob.POST("/v1/batches/{batch_id}/pipelines", { ...path, body: { requested_pipeline: "spellcheck" } })).response.status,
      (await asBob.PATCH("/v1/batches/{batch_id}/prompt", { ...path, body: { student_prompt_ref: await storePrompt(e2e, "x prompt") } })).response.status,
      (await uploadFiles(e2e, bob.token, batchId, [{ name: "a.txt", bytes: "text ".repeat(40), type: "text/plain" }])).status,
    ];
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404]);
    expect((await asBob.GET("/v1/batches")).data?.batches.map((b) => b.batch_id)).not.toContain(batchId);
    const anonymous = e2e.client();
    expect((await anonymous.GET("/v1/batches/{batch_id}", path)).response.status).toBe(401);
    expect((await anonymous.GET("/v1/batches")).response.status).toBe(401);
  });

  test("registration validation gives 400 with field-level details", async () => {
    const api = e2e.client(alice.token);
    const post = (body: unknown) => fetch(`${e2e.gateway}/v1/batches/register`, {
      method: "POST", body: JSON.stringify(body), headers: { Authorization: `Bearer ${alice.token}`, "Content-Type": "application/json" },
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error_code: string; details?: { fields?: Record<string, string> } } }));
    const missing = await post({ course_code: "ENG5" });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.details?.fields ?? {})).toEqual(expect.arrayContaining(["expected_essay_count", "essay_instructions"]));
    const zero = await post({ expected_essay_count: 0, course_code: "ENG5", essay_instructions: "x" });
    expect(zero.body.details?.fields?.expected_essay_count).toBeDefined();
    const badRef = await post({ expected_essay_count: 2, course_code: "ENG5", essay_instructions: "x", student_prompt_ref: { references: { student_prompt_text: {} } } });
    expect(badRef.status).toBe(400);
    expect(badRef.body.error_code).toBe("VALIDATION_ERROR");
    const wrongType = await post({ expected_essay_count: "three", course_code: "ENG5", essay_instructions: "x" });
    expect(wrongType.status).toBe(400);
    expect((await api.GET("/v1/batches")).response.status).toBe(200);
  });
});
