import type { TeacherClient } from "./teacher-client.ts";

/**
 * Poll the batch until it is READY_FOR_PIPELINE_EXECUTION; throws with the last status seen when it is not
 * within `timeoutMs` (a demo that printed READY for a batch still waiting would fail confusingly later).
 */
export async function waitForBatchReady(teacher: TeacherClient, batchId: string, timeoutMs = 30_000, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "(no answer)";
  for (;;) {
    const batch = await teacher.call<{ status?: string }>("GET", `/v1/batches/${batchId}`);
    last = batch.status === 200 ? String(batch.body.status) : `HTTP ${batch.status}`;
    if (last === "READY_FOR_PIPELINE_EXECUTION") return;
    if (Date.now() >= deadline) throw new Error(`batch ${batchId} not READY_FOR_PIPELINE_EXECUTION within ${timeoutMs / 1000} s (last: ${last})`);
    await Bun.sleep(pollMs);
  }
}
