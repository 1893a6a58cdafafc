import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { EssaySlotAssignedTopic } from "@shared/contracts/events/els.ts";
import { BatchErasedTopic, BatchErasureRequestedTopic, BatchErasureStepCompletedTopic, BatchRetentionNoticeTopic } from "@shared/contracts/events/lifecycle.ts";
import { eventually, headers, registrationBody, startHarness, type Harness } from "./support/harness.ts";

let h: Harness;
const PARTICIPANTS = ["essay-lifecycle", "result-aggregator"];

beforeAll(async () => {
  h = await startHarness({
    BOS_ERASURE_PARTICIPANTS: PARTICIPANTS.join(","), BOS_RETENTION_DAYS: "30", BOS_RETENTION_DAYS_BY_ORG: "org-keep=0",
    BOS_RETENTION_NOTICE_DAYS: "7", BOS_RETENTION_SWEEP_SECONDS: "1",
  });
});
afterAll(async () => {
  await h.stop();
});

async function register(overrides: Record<string, unknown> = {}): Promise<{ batch_id: string; essay_ids: string[] }> {
  const res = await h.register(registrationBody(overrides));
  return (await res.json()) as { batch_id: string; essay_ids: string[] };
}

function backdate(batchId: string, days: number): void {
  const db = new Database(h.dbPath);
  db.query("UPDATE batches SET created_at = ? WHERE batch_id = ?").run(new Date(Date.now() - days * 86_400_000).toISOString(), batchId);
  db.close();
}

test("erasure: only the owner; BOS forgets at once; when every participant answered, stream entries naming the batch are deleted and batch_erased follows once", async () => {
  const gone = await register({ org_id: "org-keep" });
  const kept = await register({ org_id: "org-keep" });
  const slot = (batchId: string, essayId: string) => ({ batch_id: batchId, essay_id: essayId, file_upload_id: "f", original_file_name: "a.txt", text_storage_id: "t" });
  await h.publish(EssaySlotAssignedTopic, slot(gone.batch_id, gone.essay_ids[0] as string));
  await h.publish(EssaySlotAssignedTopic, slot(kept.batch_id, kept.essay_ids[0] as string));
  const erase = (userId: string) => fetch(`${h.url}/internal/v1/batches/${gone.batch_id}/erasure`, { method: "POST", headers, body: JSON.stringify({ user_id: userId }) });
  expect((await erase("someone-else")).status).toBe(404);
  const socket = await h.listen("teacher-1");
  const accepted = await erase("teacher-1");
  expect(accepted.status).toBe(202);
  expect(await accepted.json()).toEqual({ batch_id: gone.batch_id, status: "erasing", participants: PARTICIPANTS });
  expect((await fetch(`${h.url}/internal/v1/batches/${gone.batch_id}`, { headers })).status).toBe(404);
  expect((await erase("teacher-1")).status).toBe(404);
  const [request] = await eventually(async () => {
    const found = await h.events(BatchErasureRequestedTopic, gone.batch_id);
    return found.length ? found : undefined;
  });
  expect(request?.data).toMatchObject({ reason: "owner_request", essay_ids: gone.essay_ids });

  const step = (service: string) => ({ batch_id: gone.batch_id, user_id: "teacher-1", service, erased_rows: 3, erased_contents: 2 });
  await h.publish(BatchErasureStepCompletedTopic, step("essay-lifecycle"));
  await Bun.sleep(400);
  expect(await h.events(BatchErasedTopic, gone.batch_id)).toEqual([]);
  const last = await h.publish(BatchErasureStepCompletedTopic, step("result-aggregator"));
  await h.publishAgain(BatchErasureStepCompletedTopic, last);
  await eventually(async () => ((await h.events(BatchErasedTopic, gone.batch_id)).length ? true : undefined));
  await h.settled();
  const erased = await h.events<{ services: string[]; scrubbed_stream_entries: number }>(BatchErasedTopic, gone.batch_id);
  expect(erased).toHaveLength(1);
  expect(erased[0]?.data.services.sort()).toEqual([...PARTICIPANTS].sort());
  expect(erased[0]?.data.scrubbed_stream_entries).toBeGreaterThanOrEqual(2);
  expect(await h.events(EssaySlotAssignedTopic, gone.batch_id)).toEqual([]);
  expect(await h.events(EssaySlotAssignedTopic, kept.batch_id)).toHaveLength(1);
  expect((await fetch(`${h.url}/internal/v1/batches/${kept.batch_id}`, { headers })).status).toBe(200);
  await eventually(() => socket.received.some((n) => n.type === "batch_erased" && n.batch_id === gone.batch_id) || undefined);
  expect(socket.received.filter((n) => n.type === "batch_erasure_progress" && n.batch_id === gone.batch_id).map((n) => n.data.service)).toEqual(PARTICIPANTS);
  await socket.close();
});

test("retention: a batch past 30 days is erased (reason retention), one inside the notice week is noticed once, an exempt organisation's is kept", async () => {
  const old = await register();
  const soon = await register();
  const exempt = await register({ org_id: "org-keep" });
  const socket = await h.listen("teacher-1");
  backdate(old.batch_id, 31);
  backdate(soon.batch_id, 25);
  backdate(exempt.batch_id, 400);
  const [erasure] = await eventually(async () => {
    const found = await h.events(BatchErasureRequestedTopic, old.batch_id);
    return found.length ? found : undefined;
  });
  expect(erasure?.data.reason).toBe("retention");
  const notices = await eventually(async () => {
    const found = await h.events<{ erase_after: string; retention_days: number; course_code?: string; essay_instructions?: string }>(BatchRetentionNoticeTopic, soon.batch_id);
    return found.length ? found : undefined;
  });
  await Bun.sleep(2500); // two more sweeps: no second notice
  expect(await h.events(BatchRetentionNoticeTopic, soon.batch_id)).toHaveLength(1);
  expect(notices[0]?.data.retention_days).toBe(30);
  expect(notices[0]?.data).toMatchObject({ course_code: "ENG5", essay_instructions: "Write about your summer." });
  expect(Date.parse(notices[0]?.data.erase_after ?? "")).toBeGreaterThan(Date.now() + 4 * 86_400_000);
  expect(socket.received.some((n) => n.type === "batch_retention_notice" && n.batch_id === soon.batch_id)).toBe(true);
  expect((await fetch(`${h.url}/internal/v1/batches/${soon.batch_id}`, { headers })).status).toBe(200);
  expect((await fetch(`${h.url}/internal/v1/batches/${exempt.batch_id}`, { headers })).status).toBe(200);
  expect(await h.events(BatchErasureRequestedTopic, exempt.batch_id)).toEqual([]);
  await socket.close();
});
