import * as v from "valibot";
import type { Hono } from "hono";
import { BatchStatus } from "@shared/contracts/enums.ts";
import { ErrorDetailSchema, HuleEduError } from "@shared/contracts/errors.ts";
import type { RouteDoc } from "@shared/http/openapi.ts";
import { readParams } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { BosClient } from "../clients/bos-client.ts";
import { createFileReplaceClient } from "../clients/file-replace-client.ts";
import type { Upstream } from "../clients/upstream.ts";
import type { GatewayEnv } from "./gateway-env.ts";
import { loadOwnedBatch } from "./owned-batch.ts";

const FileParamsSchema = v.object({
  batch_id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  file_id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
});

export const FileReplacedSchema = v.pipe(
  v.object({
    batch_id: v.string(),
    file_id: v.string(),
    file_name: v.string(),
    status: v.pipe(v.picklist(["replaced", "unchanged"]), v.description("unchanged: the same file or text as now; nothing was done")),
  }),
  v.title("FileReplaced"),
);

export interface BatchFileReplaceRoutesDeps {
  bos: BosClient;
  fileServiceUpstream: Upstream;
  maxFileBytes: number;
  uploadTimeoutMs: number;
  logger: Logger;
}

/**
 * `PUT /v1/batches/{batch_id}/files/{file_id}`: the owner replaces one uploaded file (multipart
 * `file`) while no pipeline runs. The file service reads and validates it like an upload; ELS and
 * RAS swap the essay's text and drop the old text's results from the event it emits.
 */
export function registerBatchFileReplaceRoutes(app: Hono<GatewayEnv>, deps: BatchFileReplaceRoutesDeps): void {
  const files = createFileReplaceClient(deps.fileServiceUpstream, deps.uploadTimeoutMs);
  app.put("/v1/batches/:batch_id/files/:file_id", async (c) => {
    const { file_id } = readParams(c, FileParamsSchema);
    const batch = await loadOwnedBatch(c, deps.bos);
    const { user, correlationId } = c.var;
    const notFound = () => new HuleEduError("RESOURCE_NOT_FOUND", `File ${file_id} not found in batch ${batch.batch_id}`, { batch_id: batch.batch_id, file_id });
    if (batch.status === BatchStatus.PROCESSING_PIPELINES) {
      throw new HuleEduError("CONFLICT", `The files of batch ${batch.batch_id} cannot change while a pipeline runs`, { batch_id: batch.batch_id, status: batch.status, reason: "pipeline_running" });
    }
    const file = await singleFile(c.req.header("Content-Type"), c.req.header("Content-Length"), () => c.req.formData(), deps.maxFileBytes);
    const answer = await files.replaceFile({ batchId: batch.batch_id, fileId: file_id, userId: user.userId, file, correlationId });
    if (!answer) throw notFound();
    deps.logger.info("batch file replacement", { batch_id: batch.batch_id, file_upload_id: file_id, user_id: user.userId, status: answer.status, correlation_id: correlationId });
    const body = { batch_id: batch.batch_id, file_id, file_name: answer.file_name, status: answer.status };
    return c.json(body, answer.status === "replaced" ? 202 : 200);
  });
}

async function singleFile(contentType: string | undefined, contentLength: string | undefined, form: () => Promise<FormData>, maxFileBytes: number): Promise<File> {
  if (Number(contentLength ?? "0") > maxFileBytes + 64 * 1024) {
    throw new HuleEduError("PAYLOAD_TOO_LARGE", `The file is larger than ${maxFileBytes} bytes`, { max_file_bytes: maxFileBytes });
  }
  if (!(contentType ?? "").toLowerCase().startsWith("multipart/form-data")) {
    throw new HuleEduError("UNSUPPORTED_MEDIA_TYPE", "Send the new file as multipart/form-data with one field file");
  }
  let parsed: FormData;
  try {
    parsed = await form();
  } catch {
    throw new HuleEduError("VALIDATION_ERROR", "Request body is not valid multipart/form-data");
  }
  const entries = parsed.getAll("file");
  const [file] = entries;
  if (entries.length !== 1 || typeof file === "string" || file === undefined) {
    throw new HuleEduError("VALIDATION_ERROR", "Invalid form: file: exactly one file is required", { fields: { file: "exactly one file is required" } });
  }
  if (file.size > maxFileBytes) throw new HuleEduError("PAYLOAD_TOO_LARGE", `Files larger than ${maxFileBytes} bytes: ${file.name}`, { max_file_bytes: maxFileBytes, files: [file.name] });
  return file;
}

const error = (description: string) => ({ description, schema: ErrorDetailSchema });

/** Its OpenAPI entry, spliced into the gateway's document. */
export const batchFileReplaceRouteDocs: RouteDoc[] = [{
  method: "put", path: "/v1/batches/{batch_id}/files/{file_id}", operationId: "replaceBatchFile", tags: ["batches"], security: "bearer",
  params: { batch_id: "The batch id returned at registration", file_id: "The file_upload_id of one of the batch's files (GET /v1/batches/{batch_id}/files)" },
  summary: "Replace one uploaded file (not while a pipeline runs). The new file is read and validated like an upload; the essay keeps its essay_id and file_id, " +
    "takes the new text, and every result of the old text (corrections, metrics, feedback, and the batch's CJ ranking) is erased. The socket receives " +
    "batch_essays_changed with replaced_essay_ids. Run a pipeline again for new results.",
  body: { contentType: "multipart/form-data", schema: v.object({ file: v.pipe(v.string(), v.metadata({ format: "binary" }), v.description("The new file: .txt, .docx or .pdf")) }) },
  responses: {
    202: { description: "Replaced; the essay shows the new text within moments", schema: FileReplacedSchema },
    200: { description: "Unchanged: the same file (or text) as now", schema: FileReplacedSchema },
    400: error("VALIDATION_ERROR: not exactly one file, or (reason file_rejected, file_error_code e.g. CORRUPT_FILE) a file that cannot be used; nothing changed"),
    404: error("RESOURCE_NOT_FOUND: no such batch or file for this user"),
    409: error("CONFLICT: reason pipeline_running, duplicate_content (another essay of the batch has this text) or replacement_conflict"),
    413: error("PAYLOAD_TOO_LARGE: the file is over the size limit"),
    415: error("UNSUPPORTED_MEDIA_TYPE: not multipart/form-data"),
  },
}];
