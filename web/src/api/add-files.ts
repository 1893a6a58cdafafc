import { api } from "./client.ts";
import type { ApiProblem } from "./session.ts";
import type { FileUploadResult } from "./types.ts";
import { uploadBatchFiles } from "./upload.ts";
import { problemOf } from "../components/problem-sentence.ts";

/** How many new slots `files` files need, and how many added slots to remove again after `refused` refusals. */
export function slotPlan(files: number, emptySlots: number): { add: number; removeAfter: (refused: number) => number } {
  const add = Math.max(0, files - Math.max(0, emptySlots));
  return { add, removeAfter: (refused) => Math.min(Math.max(0, refused), add) };
}

/**
 * Add files to an existing batch the way the API does it: empty slots first
 * (`POST /v1/batches/{id}/essays`, 409 pipeline_running while a pipeline runs), then the usual upload
 * (`POST /v1/files/batch`). Slots the batch already waits for (`emptySlots`, e.g. left by a refused
 * file at creation) are filled before new ones are added. A refused file never fills a slot, and the
 * batch would wait for it forever: one added slot per refused file is removed again, the last first.
 * ELS fills free slots in slot order, so the last added are those no accepted file takes. When the
 * upload itself is refused, every added slot goes again.
 */
export async function addFilesToBatch(batchId: string, files: File[], emptySlots: number, onProgress: (fraction: number) => void): Promise<FileUploadResult | ApiProblem> {
  const plan = slotPlan(files.length, emptySlots);
  let slots: string[] = [];
  if (plan.add > 0) {
    const added = await api.POST("/v1/batches/{batch_id}/essays", { params: { path: { batch_id: batchId } }, body: { count: plan.add } });
    if (!added.data) return problemOf(added.error, added.response);
    slots = added.data.essay_ids;
  }
  const upload = await uploadBatchFiles(batchId, files, onProgress);
  const refused = "error_code" in upload ? files.length : upload.files.filter((f) => !f.accepted).length;
  const surplus = plan.removeAfter(refused);
  // An essay already gone (404) is fine: the slot is what had to go.
  for (const essayId of slots.slice(slots.length - surplus).reverse()) {
    await api.DELETE("/v1/batches/{batch_id}/essays/{essay_id}", { params: { path: { batch_id: batchId, essay_id: essayId } } });
  }
  return upload;
}
