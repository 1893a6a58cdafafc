import * as v from "valibot";
import type { RouteDoc } from "@shared/http/openapi.ts";
import { ErrorDetailSchema } from "@shared/contracts/errors.ts";
import { BatchErasureAcceptedSchema, EssayRemovedSchema, EssaySlotsAddedSchema } from "@shared/contracts/batch-lifecycle.ts";
import { EssaySlotsRequestSchema } from "./batch-lifecycle-routes.ts";

const error = (description: string) => ({ description, schema: ErrorDetailSchema });
const batchParam = { batch_id: "The batch id returned at registration" };

/** The batch lifecycle routes (batch-lifecycle-routes.ts), spliced into the gateway's document. */
const FileListSchema = v.pipe(
  v.object({
    batch_id: v.string(),
    files: v.array(v.object({ essay_id: v.string(), file_name: v.nullable(v.string()), file_upload_id: v.nullable(v.string()), student_name: v.nullable(v.string()), has_content: v.boolean() })),
  }),
  v.title("BatchFileList"),
);

export const batchLifecycleRouteDocs: RouteDoc[] = [
  {
    method: "get", path: "/v1/batches/{batch_id}/files", operationId: "listBatchFiles", tags: ["batches"], security: "bearer", params: batchParam,
    summary: "The batch's essays and the files they came from (an essay without content is an empty slot)",
    responses: { 200: { description: "Files", schema: FileListSchema }, 404: error("RESOURCE_NOT_FOUND: no such batch for this user") },
  },
  {
    method: "get", path: "/v1/batches/{batch_id}/essays/{essay_id}/original", operationId: "downloadEssayOriginal", tags: ["batches"], security: "bearer",
    params: { ...batchParam, essay_id: "An essay id of the batch" },
    summary: "Download one essay's text as extracted from its uploaded file (text/plain)",
    responses: { 200: { description: "The text", contentType: "text/plain" }, 404: error("RESOURCE_NOT_FOUND: no such batch, essay or stored text for this user") },
  },
  {
    method: "get", path: "/v1/batches/{batch_id}/export", operationId: "exportBatch", tags: ["batches"], security: "bearer", params: batchParam,
    summary: "A zip to keep before erasing: results.json (the results view), results.csv (one row per essay) and originals/<file>.txt (each essay's text as extracted)",
    responses: {
      200: { description: "The zip", contentType: "application/zip" },
      404: error("RESOURCE_NOT_FOUND: no such batch for this user"),
    },
  },
  {
    method: "delete", path: "/v1/batches/{batch_id}", operationId: "eraseBatch", tags: ["batches"], security: "bearer", params: batchParam,
    summary: "Erase the batch, its essays and every derived artefact in every service (GDPR art. 17). The socket receives batch_erasure_progress per service and a final batch_erased; from the 202 on, the batch's routes answer 404.",
    responses: {
      202: { description: "Erasure started", schema: BatchErasureAcceptedSchema },
      404: error("RESOURCE_NOT_FOUND: no such batch for this user"),
      409: error("CONFLICT (reason pipeline_running): a pipeline runs on the batch; wait for it to finish"),
      401: error("AUTHENTICATION_ERROR: missing, invalid or expired token"),
    },
  },
  {
    method: "post", path: "/v1/batches/{batch_id}/essays", operationId: "addEssaySlots", tags: ["batches"], security: "bearer", params: batchParam,
    summary: "Add empty essay slots (not while a pipeline runs): the expected count grows and the batch awaits content again; upload the files with POST /v1/files/batch. The socket receives batch_essays_changed.",
    body: { schema: EssaySlotsRequestSchema },
    responses: {
      201: { description: "Slots added", schema: EssaySlotsAddedSchema },
      404: error("RESOURCE_NOT_FOUND: no such batch for this user"),
      409: error("CONFLICT (reason pipeline_running)"),
    },
  },
  {
    method: "delete", path: "/v1/batches/{batch_id}/essays/{essay_id}", operationId: "removeEssay", tags: ["batches"], security: "bearer",
    params: { ...batchParam, essay_id: "An essay id of the batch (see the results' essays)" },
    summary: "Remove one essay and its file (not while a pipeline runs): its content and results are erased and the expected count follows. The socket receives batch_essays_changed.",
    responses: {
      200: { description: "Removed", schema: EssayRemovedSchema },
      404: error("RESOURCE_NOT_FOUND: no such batch or essay for this user"),
      409: error("CONFLICT (reason pipeline_running, or last_essay: erase the batch instead)"),
    },
  },
];
