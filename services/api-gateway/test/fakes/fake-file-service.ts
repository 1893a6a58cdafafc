import { Hono } from "hono";
import { startFakeUpstream } from "./fake-upstream.ts";

export interface ReceivedUpload {
  batchId: string;
  userId: string | undefined;
  idempotencyKey: string | undefined;
  files: { name: string; size: number; text: string }[];
}

/** The file service's upload endpoint: accepts .txt/.docx/.pdf, rejects other types per file. */
export function startFakeFileService(internalApiKey: string) {
  const uploads: ReceivedUpload[] = [];
  const app = new Hono();
  app.post("/internal/v1/files/batch", async (c) => {
    const form = await c.req.formData();
    const files = form.getAll("files").filter((f): f is File => typeof f !== "string");
    const received: ReceivedUpload = { batchId: String(form.get("batch_id")), userId: c.req.header("X-User-ID"), idempotencyKey: c.req.header("Idempotency-Key"), files: [] };
    for (const f of files) received.files.push({ name: f.name, size: f.size, text: await f.text() });
    uploads.push(received);
    return c.json({
      batch_id: received.batchId,
      files: files.map((f) =>
        /\.(txt|docx|pdf)$/i.test(f.name)
          ? { file_name: f.name, status: "accepted", file_upload_id: crypto.randomUUID() }
          : { file_name: f.name, status: "rejected", error_code: "UNSUPPORTED_FILE_TYPE", message: "Only .txt, .docx and .pdf files are accepted" },
      ),
    }, 200);
  });
  return { ...startFakeUpstream(app, { internalApiKey, keyPrefix: "/internal" }), uploads };
}
