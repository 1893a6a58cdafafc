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
          : { file_name: f.name, file_upload_id: crypto.randomUUID(), status: "rejected", error_code: "UNSUPPORTED_FILE_TYPE", message: "Only .txt, .docx and .pdf files are accepted" },
      ),
    }, 200);
  });
  // Replacements: file ids starting "missing" are unknown; a ".bad" file is rejected as the real service does.
  const replacements: { batchId: string; fileId: string; userId: string | undefined; name: string; text: string }[] = [];
  app.put("/internal/v1/batches/:batch_id/files/:file_id", async (c) => {
    const file = (await c.req.formData()).get("file");
    if (typeof file === "string" || file === null) return c.json({ error_code: "VALIDATION_ERROR", message: "file is required" }, 400);
    const { batch_id, file_id } = c.req.param();
    if (file_id.startsWith("missing")) return c.json({ error_code: "RESOURCE_NOT_FOUND", message: `File ${file_id} not found` }, 404);
    if (file.name.endsWith(".bad")) {
      return c.json({ error_code: "VALIDATION_ERROR", message: "The file is damaged and could not be read.", details: { reason: "file_rejected", file_error_code: "CORRUPT_FILE", file_name: file.name } }, 400);
    }
    replacements.push({ batchId: batch_id, fileId: file_id, userId: c.req.header("X-User-ID"), name: file.name, text: await file.text() });
    return c.json({ batch_id, file_upload_id: file_id, file_name: file.name, status: "replaced", replacement_id: crypto.randomUUID() }, 200);
  });
  return { ...startFakeUpstream(app, { internalApiKey, keyPrefix: "/internal" }), uploads, replacements };
}
