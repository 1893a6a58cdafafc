import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { PhaseName } from "@shared/contracts/enums.ts";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import { BatchContentProvisioningCompletedTopic, ELSBatchPhaseOutcomeTopic, EssayNlpRequestedTopic, EssaySpellcheckRequestedTopic } from "@shared/contracts/events/els.ts";
import { EssayContentProvisionedTopic, EssayFileReplacedTopic } from "@shared/contracts/events/file.ts";
import { EssaySlotContentReplacedTopic } from "@shared/contracts/events/lifecycle.ts";
import { EssayNlpCompletedTopic, EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { loadContentConfig } from "../../content-service/src/config.ts";
import { startContentService } from "../../content-service/src/service.ts";
import { INTERNAL_KEY, settle, startHarness, waitFor, type ElsHarness } from "./support/els-harness.ts";
import { commandTopic, content, essayIdsFor, newBatchId, nlpResult, phaseCommand, registration, spellcheckResult } from "./support/fixtures.ts";

let h: ElsHarness;
let contentService: RunningService & { url: string };
beforeAll(async () => {
  h = await startHarness();
  contentService = await startContentService(
    loadContentConfig({ ...h.env, CONTENT_SERVICE_HTTP_PORT: "0", CONTENT_SERVICE_DB_PATH: join(h.env.HULEEDU_DATA_DIR as string, "content.sqlite") }),
    createMemoryLogger("content-service"),
  );
  h.env.CONTENT_SERVICE_URL = contentService.url;
  await h.startWorker();
});
afterAll(async () => {
  await h.stop();
  await contentService.stop();
});

const sha256 = (text: string) => new Bun.CryptoHasher("sha256").update(text).digest("hex");
async function store(text: string): Promise<string> {
  const res = await fetch(`${contentService.url}/v1/content`, { method: "POST", body: text, headers: { "X-Internal-API-Key": INTERNAL_KEY, "Content-Type": "text/plain" } });
  return ((await res.json()) as { storage_id: string }).storage_id;
}
const stored = async (id: string) => (await fetch(`${contentService.url}/v1/content/${id}`, { headers: { "X-Internal-API-Key": INTERNAL_KEY } })).status === 200;
type Slot = { essay_id: string; status: string; text_storage_id: string; original_text_storage_id: string; raw_file_storage_id: string; original_file_name: string; content_sha256: string; student_name: string | null };
const slot = (essayId: string) => h.query<Slot>("SELECT * FROM essays WHERE essay_id = ?", essayId)[0] as Slot;

/** Two essays with real blobs in the content service; returns their slots' ids and blobs. */
async function batchOfTwo() {
  const batchId = newBatchId();
  await h.publish(BatchEssaysRegisteredTopic, registration(batchId, essayIdsFor(batchId, 2)));
  const blobs: { text: string; raw: string }[] = [];
  for (const i of [0, 1]) {
    const text = await store(`old text ${i} of ${batchId}`);
    const raw = await store(`old raw ${i} of ${batchId}`);
    blobs.push({ text, raw });
    await h.publish(EssayContentProvisionedTopic, content(batchId, i, { text_storage_id: text, raw_file_storage_id: raw }));
  }
  const [done] = await waitFor("provisioning completed", async () => {
    const e = await h.events(BatchContentProvisioningCompletedTopic, batchId);
    return e.length ? e : undefined;
  });
  const essays = (done?.essays ?? []).map((e) => ({ essay_id: e.essay_id, text_storage_id: e.text_storage_id }));
  const first = essays.find((e) => e.text_storage_id === blobs[0]?.text) as { essay_id: string; text_storage_id: string };
  return { batchId, essays, first, blobs };
}

async function replacement(batchId: string, previous: { text: string; raw: string }, name = "new.docx"): Promise<TopicData<typeof EssayFileReplacedTopic>> {
  const text = `new text of ${batchId} ${crypto.randomUUID()}`;
  return {
    batch_id: batchId, user_id: "teacher-1", file_upload_id: `${batchId}-upload-0`, replacement_id: crypto.randomUUID(), original_file_name: name,
    raw_file_storage_id: await store(`raw ${text}`), text_storage_id: await store(text), file_size_bytes: 999, content_sha256: sha256(text),
    student_name: "Karin Berg", student_email: null, previous_raw_file_storage_id: previous.raw, previous_text_storage_id: previous.text,
  };
}

describe("a replaced file", () => {
  test("after spellcheck: the slot keeps its essay id and takes the new text; old text, file and correction are erased; one event; a repeat changes nothing", async () => {
    const { batchId, essays, first, blobs } = await batchOfTwo();
    await h.publish(commandTopic(PhaseName.SPELLCHECK), phaseCommand(batchId, PhaseName.SPELLCHECK, essays));
    await waitFor("spellcheck requests", async () => (await h.events(EssaySpellcheckRequestedTopic, batchId)).length === 2);
    const corrected = await store("corrected old text");
    for (const e of essays) {
      await h.publish(EssaySpellcheckCompletedTopic, { ...spellcheckResult(batchId, e, true), corrected_text_storage_id: e.essay_id === first.essay_id ? corrected : `corrected-${e.essay_id}` });
    }
    await waitFor("spellcheck outcome", async () => (await h.events(ELSBatchPhaseOutcomeTopic, batchId)).length === 1);
    expect(slot(first.essay_id).text_storage_id).toBe(corrected);

    const data = await replacement(batchId, blobs[0] as { text: string; raw: string });
    const envelope = await h.publish(EssayFileReplacedTopic, data, { correlationId: "corr-replace" });
    const [event] = await waitFor("slot content replaced", async () => {
      const e = await h.envelopes(EssaySlotContentReplacedTopic, batchId);
      return e.length ? e : undefined;
    });
    expect(event?.correlation_id).toBe("corr-replace");
    expect(event?.data).toEqual({
      batch_id: batchId, user_id: "teacher-1", essay_id: first.essay_id, file_upload_id: data.file_upload_id, replacement_id: data.replacement_id,
      original_file_name: "new.docx", text_storage_id: data.text_storage_id, student_name: "Karin Berg", student_email: null,
    });
    expect(slot(first.essay_id)).toMatchObject({
      status: "READY_FOR_PROCESSING", text_storage_id: data.text_storage_id, original_text_storage_id: data.text_storage_id,
      raw_file_storage_id: data.raw_file_storage_id, original_file_name: "new.docx", content_sha256: data.content_sha256, student_name: "Karin Berg",
    });
    expect(h.query("SELECT * FROM phase_run_essays WHERE essay_id = ?", first.essay_id)).toEqual([]);
    expect(await stored(blobs[0]?.text as string)).toBe(false);
    expect(await stored(blobs[0]?.raw as string)).toBe(false);
    expect(await stored(corrected)).toBe(false);
    expect(await stored(data.text_storage_id)).toBe(true);
    expect(await stored(blobs[1]?.text as string)).toBe(true);

    await h.republish(EssayFileReplacedTopic, envelope);
    await settle();
    expect(await h.events(EssaySlotContentReplacedTopic, batchId)).toHaveLength(1);
    expect(await stored(data.text_storage_id)).toBe(true);
    expect(await stored(data.raw_file_storage_id)).toBe(true);

    // The next command still names the corrected old text (BOS's view); the slot's new text goes out.
    await h.publish(commandTopic(PhaseName.NLP), phaseCommand(batchId, PhaseName.NLP, essays.map((e) => (e.essay_id === first.essay_id ? { ...e, text_storage_id: corrected } : e))));
    const requests = await waitFor("nlp requests", async () => {
      const r = await h.events(EssayNlpRequestedTopic, batchId);
      return r.length === 2 ? r : undefined;
    });
    expect(requests.find((r) => r.essay_id === first.essay_id)?.text_storage_id).toBe(data.text_storage_id);
  });

  test("while its phase is pending: the old text's result can never count; the essay fails with CONTENT_REPLACED and the run closes", async () => {
    const { batchId, essays, first, blobs } = await batchOfTwo();
    await h.publish(commandTopic(PhaseName.NLP), phaseCommand(batchId, PhaseName.NLP, essays));
    await waitFor("nlp requests", async () => (await h.events(EssayNlpRequestedTopic, batchId)).length === 2);
    await h.publish(EssayFileReplacedTopic, await replacement(batchId, blobs[0] as { text: string; raw: string }));
    await waitFor("slot content replaced", async () => (await h.events(EssaySlotContentReplacedTopic, batchId)).length === 1);
    await h.publish(EssayNlpCompletedTopic, nlpResult(batchId, first, true));
    const other = essays.find((e) => e.essay_id !== first.essay_id) as { essay_id: string; text_storage_id: string };
    await h.publish(EssayNlpCompletedTopic, nlpResult(batchId, other, true));
    const [outcome] = await waitFor("nlp outcome", async () => {
      const o = await h.events(ELSBatchPhaseOutcomeTopic, batchId);
      return o.length ? o : undefined;
    });
    expect(outcome?.failed_essay_ids).toEqual([first.essay_id]);
    expect(outcome?.processed_essays.map((e) => e.essay_id)).toEqual([other.essay_id]);
    expect(h.query<{ failure_reason: string }>("SELECT failure_reason FROM phase_run_essays WHERE essay_id = ?", first.essay_id)).toEqual([{ failure_reason: "CONTENT_REPLACED" }]);
    expect(slot(first.essay_id).status).toBe("READY_FOR_PROCESSING");
  });

  test("a replacement that overtakes the one it follows waits for it (retried), then both apply in order", async () => {
    const { batchId, first, blobs } = await batchOfTwo();
    const r1 = await replacement(batchId, blobs[0] as { text: string; raw: string }, "second.txt");
    const r2 = await replacement(batchId, { text: r1.text_storage_id, raw: r1.raw_file_storage_id }, "third.txt");
    await h.publish(EssayFileReplacedTopic, r2);
    await settle(300);
    expect(slot(first.essay_id).original_file_name).toBe("essay-0.txt");
    expect(await stored(r2.text_storage_id)).toBe(true);
    await h.publish(EssayFileReplacedTopic, r1);
    await waitFor("both replacements applied", async () => slot(first.essay_id).original_file_name === "third.txt", 10_000);
    expect(slot(first.essay_id).text_storage_id).toBe(r2.text_storage_id);
    expect((await h.events(EssaySlotContentReplacedTopic, batchId)).map((e) => e.original_file_name)).toEqual(["second.txt", "third.txt"]);
    expect(await stored(r1.text_storage_id)).toBe(false);
    expect(await stored(r2.text_storage_id)).toBe(true);
  });
});
