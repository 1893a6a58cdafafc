import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { EssayContentProvisionedTopic, EssayValidationFailedTopic } from "@shared/contracts/events/file.ts";
import { encodeLatin1, encodeUtf8, makeCorruptDocx, makeDocx, makePdf, makeZipBombDocx } from "../../../tests/fixtures/make-documents.ts";
import { readEssayFile } from "../src/handlers/read-essay-file.ts";
import { DEFAULT_CONTENT_LIMITS } from "../src/domain/validate-content.ts";
import {
  eventsOn, fetchContent, sha256, startHarness, upload, USER_ID, waitForEvents, type FileResult, type Harness,
} from "./support/file-service-harness.ts";

const ESSAY_BODY = [
  "Mobiltelefoner i skolan är en fråga som många elever har åsikter om.",
  "Some pupils argue that phones help them learn, while teachers worry about distraction in class.",
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

const newBatchId = () => `batch-${crypto.randomUUID()}`;
const byName = (files: FileResult[], name: string) => {
  const found = files.find((f) => f.file_name === name);
  if (!found) throw new Error(`no result for ${name}`);
  return found;
};

describe("accepted files", () => {
  test(".txt (UTF-8 and Latin-1), .docx and .pdf are stored, extracted and reported with every field", async () => {
    const batchId = newBatchId();
    const utf8Text = `Namn: Anna Svensson\nE-post: Anna.Svensson@skola.se\n\n${ESSAY_BODY.join("\n\n")}\n`;
    const latin1Text = `Name: Åsa Öberg\n\n${ESSAY_BODY.join("\n\n")}`;
    const docxParagraphs = ["Student: Björn Ek", "E-mail: bjorn@example.se", ...ESSAY_BODY];
    const pdfLines = ["Name: Cecilia Lund", "", ...ESSAY_BODY];
    const files = [
      { name: "anna.txt", bytes: encodeUtf8(utf8Text) },
      { name: "asa.txt", bytes: encodeLatin1(latin1Text) },
      { name: "bjorn.docx", bytes: await makeDocx(docxParagraphs) },
      { name: "cecilia.pdf", bytes: await makePdf(pdfLines) },
    ];
    const correlationId = crypto.randomUUID();
    const res = await upload(h.fileService.url, { batchId, files }, { "X-Correlation-ID": correlationId });

    expect(res.status).toBe(200);
    expect(res.body.batch_id).toBe(batchId);
    expect(res.body.files.map((f) => [f.file_name, f.status])).toEqual(files.map((f) => [f.name, "accepted"]));
    expect(new Set(res.body.files.map((f) => f.file_upload_id)).size).toBe(4);

    const events = await waitForEvents(h.redis, EssayContentProvisionedTopic, (d) => d.batch_id === batchId, 4);
    expect(events).toHaveLength(4);
    const expectedStudents: Record<string, [string | null, string | null]> = {
      "anna.txt": ["Anna Svensson", "anna.svensson@skola.se"],
      "asa.txt": ["Åsa Öberg", null],
      "bjorn.docx": ["Björn Ek", "bjorn@example.se"],
      "cecilia.pdf": ["Cecilia Lund", null],
    };
    for (const file of files) {
      const event = events.find((e) => e.data.original_file_name === file.name);
      if (!event) throw new Error(`no event for ${file.name}`);
      const { data } = event;
      expect(event.correlation_id).toBe(correlationId);
      expect(event.source_service).toBe("file-service");
      expect(event.metadata?.user_id).toBe(USER_ID);
      expect(data.file_upload_id).toBe(byName(res.body.files, file.name).file_upload_id);
      expect(data.file_size_bytes).toBe(file.bytes.byteLength);
      expect([data.student_name ?? null, data.student_email ?? null]).toEqual(expectedStudents[file.name] ?? [null, null]);

      const raw = await fetchContent(h.contentUrl, data.raw_file_storage_id);
      expect(sha256(new Uint8Array(await raw.arrayBuffer()))).toBe(sha256(file.bytes));
      const stored = await fetchContent(h.contentUrl, data.text_storage_id);
      expect(stored.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      const text = await stored.text();
      expect(data.content_sha256).toBe(sha256(text));
      // What was stored is exactly what reading the file gives, and the essay survived it.
      const reading = await readEssayFile(file.name, file.bytes, { extract: {}, limits: DEFAULT_CONTENT_LIMITS });
      expect(reading.ok && reading.text).toBe(text);
      for (const sentence of ESSAY_BODY) expect(text.replace(/\s+/g, " ")).toContain(sentence);
    }
    const stored = async (name: string) => {
      const event = events.find((e) => e.data.original_file_name === name);
      return (await fetchContent(h.contentUrl, event?.data.text_storage_id ?? "")).text();
    };
    expect(await stored("anna.txt")).toBe(utf8Text.trim());
    expect(await stored("asa.txt")).toBe(latin1Text);
    expect(await stored("bjorn.docx")).toBe(docxParagraphs.join("\n\n"));
  });
});

describe("rejected files are reported so the batch can complete", () => {
  test("a corrupt .docx and an empty .txt are rejected with codes and failure events", async () => {
    const batchId = newBatchId();
    const corrupt = await makeCorruptDocx();
    const res = await upload(h.fileService.url, {
      batchId,
      files: [{ name: "broken.docx", bytes: corrupt }, { name: "empty.txt", bytes: "" }, { name: "short.txt", bytes: "Too short." }],
    });
    expect(res.status).toBe(200);
    expect(byName(res.body.files, "broken.docx")).toMatchObject({ status: "rejected", error_code: "CORRUPT_FILE" });
    expect(byName(res.body.files, "empty.txt")).toMatchObject({ status: "rejected", error_code: "EMPTY_CONTENT" });
    expect(byName(res.body.files, "short.txt")).toMatchObject({ status: "rejected", error_code: "CONTENT_TOO_SHORT" });
    for (const f of res.body.files) expect(f.message?.length).toBeGreaterThan(0);

    const failures = await waitForEvents(h.redis, EssayValidationFailedTopic, (d) => d.batch_id === batchId, 3);
    expect(failures).toHaveLength(3);
    const broken = failures.find((e) => e.data.original_file_name === "broken.docx")?.data;
    expect(broken).toMatchObject({ error_code: "CORRUPT_FILE", file_upload_id: byName(res.body.files, "broken.docx").file_upload_id, file_size_bytes: corrupt.byteLength });
    // The corrupt original is kept for inspection; an empty file has nothing to keep.
    const raw = await fetchContent(h.contentUrl, broken?.raw_file_storage_id ?? "");
    expect(sha256(new Uint8Array(await raw.arrayBuffer()))).toBe(sha256(corrupt));
    expect(failures.find((e) => e.data.original_file_name === "empty.txt")?.data).toMatchObject({ error_code: "EMPTY_CONTENT", raw_file_storage_id: null });
    expect(await eventsOn(h.redis, EssayContentProvisionedTopic, (d) => d.batch_id === batchId)).toHaveLength(0);
  });

  test("an unsupported extension is rejected without being stored", async () => {
    const batchId = newBatchId();
    const res = await upload(h.fileService.url, {
      batchId,
      files: [{ name: "essay.odt", bytes: "A perfectly fine essay saved in a format we do not read, with enough words." }, { name: "old.doc", bytes: "x" }],
    });
    expect(res.status).toBe(200);
    expect(res.body.files.map((f) => [f.status, f.error_code])).toEqual([["rejected", "UNSUPPORTED_FILE_TYPE"], ["rejected", "UNSUPPORTED_FILE_TYPE"]]);
    expect(byName(res.body.files, "old.doc").message).toContain(".docx");
    const failures = await waitForEvents(h.redis, EssayValidationFailedTopic, (d) => d.batch_id === batchId, 2);
    expect(failures.map((e) => [e.data.error_code, e.data.raw_file_storage_id])).toEqual([["UNSUPPORTED_FILE_TYPE", null], ["UNSUPPORTED_FILE_TYPE", null]]);
  });

  test("hostile files are answered without stalling the service", async () => {
    const batchId = newBatchId();
    // A run of blanks is quadratic for the text normaliser; a zip bomb inflates far past its size.
    const blanks = encodeUtf8(`${" ".repeat(150_000)}x`);
    const bomb = makeZipBombDocx(200 * 2 ** 20, { lieAboutSize: true });
    const started = performance.now();
    const pending = upload(h.fileService.url, { batchId, files: [{ name: "blanks.txt", bytes: blanks }, { name: "bomb.docx", bytes: bomb }] });
    const health = await fetch(`${h.fileService.url}/healthz`);
    expect(health.status).toBe(200);
    const res = await pending;
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(res.status).toBe(200);
    expect(res.body.files.every((f) => f.status === "rejected")).toBe(true);
    expect(byName(res.body.files, "blanks.txt").error_code).toBe("CONTENT_TOO_SHORT");
    expect(await waitForEvents(h.redis, EssayValidationFailedTopic, (d) => d.batch_id === batchId, 2)).toHaveLength(2);
  });

  test("good and bad files in one request are each answered on their own", async () => {
    const batchId = newBatchId();
    const res = await upload(h.fileService.url, {
      batchId,
      files: [{ name: "good.txt", bytes: ESSAY_BODY.join("\n") }, { name: "bad.pdf", bytes: "not a pdf at all" }],
    });
    expect(res.status).toBe(200);
    expect(res.body.files.map((f) => f.status)).toEqual(["accepted", "rejected"]);
    expect(await waitForEvents(h.redis, EssayContentProvisionedTopic, (d) => d.batch_id === batchId)).toHaveLength(1);
    expect(await waitForEvents(h.redis, EssayValidationFailedTopic, (d) => d.batch_id === batchId)).toHaveLength(1);
  });
});

describe("the uploads of a batch", () => {
  test("are listed with their outcome, storage ids and who uploaded them", async () => {
    const batchId = newBatchId();
    const res = await upload(h.fileService.url, {
      batchId,
      files: [{ name: "one.txt", bytes: `Name: Dana Holm\n\n${ESSAY_BODY.join("\n")}` }, { name: "two.txt", bytes: "" }],
    });
    const list = await fetch(`${h.fileService.url}/internal/v1/batches/${batchId}/uploads`, { headers: { "X-Internal-API-Key": "file-service-test-key" } });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { batch_id: string; uploads: Record<string, unknown>[] };
    expect(body.batch_id).toBe(batchId);
    expect(body.uploads).toHaveLength(2);
    const one = body.uploads.find((u) => u.file_name === "one.txt");
    expect(one).toMatchObject({
      file_upload_id: byName(res.body.files, "one.txt").file_upload_id, status: "accepted", error_code: null,
      student_name: "Dana Holm", user_id: USER_ID,
    });
    expect(typeof one?.text_storage_id).toBe("string");
    expect(one?.content_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(body.uploads.find((u) => u.file_name === "two.txt")).toMatchObject({ status: "rejected", error_code: "EMPTY_CONTENT", text_storage_id: null });
  });

  test("an unknown batch has none; a malformed batch id is 400", async () => {
    const headers = { "X-Internal-API-Key": "file-service-test-key" };
    const none = await fetch(`${h.fileService.url}/internal/v1/batches/${newBatchId()}/uploads`, { headers });
    expect(((await none.json()) as { uploads: unknown[] }).uploads).toEqual([]);
    const bad = await fetch(`${h.fileService.url}/internal/v1/batches/${"x".repeat(200)}/uploads`, { headers });
    expect(bad.status).toBe(400);
  });
});

describe("the service itself", () => {
  test("health, readiness (redis and database) and the OpenAPI document", async () => {
    const ready = await fetch(`${h.fileService.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: Record<string, boolean> }).checks).toEqual({ redis: true, database: true });
    const doc = (await (await fetch(`${h.fileService.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(["/internal/v1/files/batch", "/internal/v1/batches/{batch_id}/files/{file_upload_id}", "/internal/v1/batches/{batch_id}/uploads"]);
  });
});
