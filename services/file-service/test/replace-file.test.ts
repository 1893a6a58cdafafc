import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { EssayFileReplacedTopic } from "@shared/contracts/events/file.ts";
import { makeCorruptDocx, makeDocx } from "../../../tests/fixtures/make-documents.ts";
import { eventsOn, fetchContent, INTERNAL_KEY, startHarness, upload, USER_ID, waitForEvents, type Harness } from "./support/file-service-harness.ts";

const essay = (topic: string) => `Name: Pupil ${topic}\n\nMany pupils write about ${topic}. A lesson about ${topic} makes the class curious, and we learn a lot about ${topic} together every week.`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

type Record_ = { file_upload_id: string; file_name: string; raw_file_storage_id: string | null; text_storage_id: string | null; content_sha256: string | null; student_name: string | null };
async function uploads(batchId: string): Promise<Record_[]> {
  const res = await fetch(`${h.fileService.url}/internal/v1/batches/${batchId}/uploads`, { headers: { "X-Internal-API-Key": INTERNAL_KEY } });
  return ((await res.json()) as { uploads: Record_[] }).uploads;
}

async function replace(batchId: string, fileUploadId: string, file: { name: string; bytes: Uint8Array | string } | undefined, headers: Record<string, string> = {}) {
  const body = new FormData();
  if (file) body.append("file", new File([file.bytes as BlobPart], file.name));
  const res = await fetch(`${h.fileService.url}/internal/v1/batches/${batchId}/files/${fileUploadId}`, {
    method: "PUT", body, headers: { "X-Internal-API-Key": INTERNAL_KEY, "X-User-ID": USER_ID, ...headers },
  });
  return { status: res.status, body: (await res.json()) as { status?: string; replacement_id?: string | null; file_name?: string; error_code?: string; message?: string; details?: Record<string, unknown> } };
}

async function batchWithTwo() {
  const batchId = `batch-${crypto.randomUUID()}`;
  const res = await upload(h.fileService.url, { batchId, files: [{ name: "a.txt", bytes: essay("rivers") }, { name: "b.txt", bytes: essay("mountains") }] });
  expect(res.status).toBe(200);
  const [a, b] = res.body.files.map((f) => f.file_upload_id) as [string, string];
  return { batchId, a, b, before: await uploads(batchId) };
}

describe("replace an accepted file", () => {
  test("a new .docx is read like an upload: same upload id, new blobs, one event naming the old blobs, which are erased", async () => {
    const { batchId, a, before } = await batchWithTwo();
    const old = before.find((u) => u.file_upload_id === a) as Record_;
    const text = essay("libraries").replace("Pupil libraries", "Karin Berg");
    const res = await replace(batchId, a, { name: "karin.docx", bytes: await makeDocx(text.split("\n\n")) }, { "X-Correlation-ID": "corr-replace" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "replaced", file_name: "karin.docx" });
    const now = (await uploads(batchId)).find((u) => u.file_upload_id === a) as Record_;
    expect(now.file_name).toBe("karin.docx");
    expect(now.student_name).toBe("Karin Berg");
    expect(now.raw_file_storage_id).not.toBe(old.raw_file_storage_id);
    expect(await (await fetchContent(h.contentUrl, now.text_storage_id as string)).text()).toContain("write about libraries");

    const [event, ...more] = await waitForEvents(h.redis, EssayFileReplacedTopic, (d) => d.batch_id === batchId);
    expect(more).toEqual([]);
    expect(event?.correlation_id).toBe("corr-replace");
    expect(event?.data).toMatchObject({
      file_upload_id: a, user_id: USER_ID, replacement_id: res.body.replacement_id, original_file_name: "karin.docx",
      raw_file_storage_id: now.raw_file_storage_id, text_storage_id: now.text_storage_id, content_sha256: now.content_sha256, student_name: "Karin Berg",
      previous_raw_file_storage_id: old.raw_file_storage_id, previous_text_storage_id: old.text_storage_id,
    });
    expect((await fetchContent(h.contentUrl, old.text_storage_id as string)).status).toBe(404);
    expect((await fetchContent(h.contentUrl, old.raw_file_storage_id as string)).status).toBe(404);
  });

  test("the same PUT again is unchanged and emits nothing more (a retried request is safe)", async () => {
    const { batchId, a } = await batchWithTwo();
    const file = { name: "new.txt", bytes: essay("gardens") };
    expect((await replace(batchId, a, file)).body.status).toBe("replaced");
    const again = await replace(batchId, a, file);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: "unchanged", replacement_id: null });
    await Bun.sleep(300);
    expect(await eventsOn(h.redis, EssayFileReplacedTopic, (d) => d.batch_id === batchId)).toHaveLength(1);
  });

  test("a corrupt file, a too-short text and an unsupported type are 400 with the upload's file error; nothing changes", async () => {
    const { batchId, a, before } = await batchWithTwo();
    const cases: [{ name: string; bytes: Uint8Array | string }, string][] = [
      [{ name: "broken.docx", bytes: await makeCorruptDocx() }, "CORRUPT_FILE"],
      [{ name: "short.txt", bytes: "Too short." }, "CONTENT_TOO_SHORT"],
      [{ name: "notes.rtf", bytes: "{\\rtf1 hello}" }, "UNSUPPORTED_FILE_TYPE"],
    ];
    for (const [file, code] of cases) {
      const res = await replace(batchId, a, file);
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe("VALIDATION_ERROR");
      expect(res.body.details).toMatchObject({ reason: "file_rejected", file_error_code: code, file_name: file.name });
      expect(res.body.message?.length).toBeGreaterThan(10);
    }
    expect(await uploads(batchId)).toEqual(before);
    const old = before.find((u) => u.file_upload_id === a) as Record_;
    expect(await (await fetchContent(h.contentUrl, old.text_storage_id as string)).text()).toContain("write about rivers");
    expect(await eventsOn(h.redis, EssayFileReplacedTopic, (d) => d.batch_id === batchId)).toEqual([]);
  });

  test("the text of another essay of the batch is 409 duplicate_content", async () => {
    const { batchId, a, before } = await batchWithTwo();
    const res = await replace(batchId, a, { name: "copy.txt", bytes: essay("mountains") });
    expect(res.status).toBe(409);
    expect(res.body.details?.reason).toBe("duplicate_content");
    expect(await uploads(batchId)).toEqual(before);
  });

  test("another teacher, another batch, an unknown or rejected upload: 404; no file or two files: 400", async () => {
    const { batchId, a } = await batchWithTwo();
    const file = { name: "x.txt", bytes: essay("trains") };
    expect((await replace(batchId, a, file, { "X-User-ID": "someone-else" })).status).toBe(404);
    expect((await replace(`batch-${crypto.randomUUID()}`, a, file)).status).toBe(404);
    expect((await replace(batchId, crypto.randomUUID(), file)).status).toBe(404);
    const rejected = await upload(h.fileService.url, { batchId, files: [{ name: "bad.rtf", bytes: "{\\rtf1}" }] });
    expect((await replace(batchId, rejected.body.files[0]?.file_upload_id as string, file)).status).toBe(404);
    expect((await replace(batchId, a, undefined)).status).toBe(400);
    const two = new FormData();
    two.append("file", new File([essay("a")], "1.txt"));
    two.append("file", new File([essay("b")], "2.txt"));
    const res = await fetch(`${h.fileService.url}/internal/v1/batches/${batchId}/files/${a}`, { method: "PUT", body: two, headers: { "X-Internal-API-Key": INTERNAL_KEY, "X-User-ID": USER_ID } });
    expect(res.status).toBe(400);
  });
});
