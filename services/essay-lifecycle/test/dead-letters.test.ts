import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createConsumer, on } from "@shared/bus/consumer.ts";
import { createDlqWriter } from "@shared/bus/dlq-writer.ts";
import { parseEntries } from "@shared/bus/streams.ts";
import { defineDlqTopic } from "@shared/contracts/dlq-topics.ts";
import { PhaseName } from "@shared/contracts/enums.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import {
  CJAssessmentRequestedTopic, ELSBatchPhaseOutcomeTopic, EssayNlpRequestedTopic, EssaySpellcheckRequestedTopic,
} from "@shared/contracts/events/els.ts";
import type { EssayTextRef } from "@shared/contracts/events/essay-ref.ts";
import { EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import type { Topic } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { settle, startHarness, waitFor, type ElsHarness } from "./support/els-harness.ts";
import { commandTopic, phaseCommand, provisionedBatch, spellcheckResult } from "./support/fixtures.ts";

// Default deadlines (15 min, 1 h): within these tests only a dead letter can close a run.

let h: ElsHarness;
beforeAll(async () => {
  h = await startHarness();
  await h.startWorker();
});
afterAll(async () => {
  await h.stop();
});

interface RunEssayRow { essay_id: string; status: string; failure_reason: string | null }
const runOf = (batchId: string, phase: PhaseName) => h.query<{ run_id: string; status: string }>("SELECT run_id, status FROM phase_runs WHERE batch_id = ? AND phase = ?", batchId, phase)[0];
const runEssays = (batchId: string, phase: PhaseName) =>
  h.query<RunEssayRow>("SELECT essay_id, status, failure_reason FROM phase_run_essays WHERE run_id = ? ORDER BY rowid", runOf(batchId, phase)?.run_id ?? "");
const statuses = (batchId: string) =>
  Object.fromEntries(h.query<{ essay_id: string; status: string }>("SELECT essay_id, status FROM essays WHERE batch_id = ?", batchId).map((r) => [r.essay_id, r.status]));
const outcomes = (batchId: string) => h.events(ELSBatchPhaseOutcomeTopic, batchId);

/** The request ELS sent on `topic` for this batch (and essay), as the raw stream entry a phase service would read. */
async function requestEntry(topic: Topic, batchId: string, essayId?: string) {
  const entries = parseEntries(await h.redis.xrange(topic.name, "-", "+"));
  const entry = entries.find((e) => {
    const data = (JSON.parse(e.fields.envelope ?? "{}") as EventEnvelope<{ batch_id: string; essay_id?: string }>).data;
    return data.batch_id === batchId && (essayId === undefined || data.essay_id === essayId);
  });
  if (!entry) throw new Error(`no request on ${topic.name}`);
  return entry;
}

/** Dead-letter a request exactly as a phase service's consumer would, through the kit's DLQ writer. */
async function deadLetter(topic: Topic, entry: { id: string; fields: Record<string, string> }, reason: string) {
  const writeDlq = createDlqWriter({ redis: h.redis, logger: createMemoryLogger("phase-service") });
  const written = await writeDlq({
    topic: topic.name, reason, error: "content service unavailable", originalId: entry.id, deliveryCount: 5, envelope: entry.fields.envelope ?? "",
  });
  expect(written).toBe(true);
}

/** ELS's group has read and acknowledged everything on `stream` (XINFO GROUPS: lag 0, nothing pending). */
async function consumedAll(stream: string): Promise<boolean> {
  const groups = (await h.redis.call("XINFO", "GROUPS", stream)) as unknown[][];
  for (const flat of groups) {
    const info = Object.fromEntries(flat.flatMap((v, i) => (i % 2 === 0 ? [[String(v), flat[i + 1]]] : [])));
    if (info.name === "essay-lifecycle") return info.lag === 0 && info.pending === 0;
  }
  return false;
}

describe("dead-lettered requests", () => {
  test("a dead-lettered spellcheck request fails its essay at once; the run closes when the others answer", async () => {
    const { batchId, essays } = await provisionedBatch(h, 3);
    const [a, dead, c] = essays as [EssayTextRef, EssayTextRef, EssayTextRef];
    await h.publish(commandTopic(PhaseName.SPELLCHECK), phaseCommand(batchId, PhaseName.SPELLCHECK, essays));
    await waitFor("3 spellcheck requests", async () => (await h.events(EssaySpellcheckRequestedTopic, batchId)).length === 3);
    const entry = await requestEntry(EssaySpellcheckRequestedTopic, batchId, dead.essay_id);

    await deadLetter(EssaySpellcheckRequestedTopic, entry, "max_deliveries_exceeded");
    await waitFor("dead essay failed", () => statuses(batchId)[dead.essay_id] === "SPELLCHECK_FAILED");
    expect(statuses(batchId)).toEqual({ [a.essay_id]: "SPELLCHECK_IN_PROGRESS", [dead.essay_id]: "SPELLCHECK_FAILED", [c.essay_id]: "SPELLCHECK_IN_PROGRESS" });
    expect(runEssays(batchId, PhaseName.SPELLCHECK)[1]).toEqual({ essay_id: dead.essay_id, status: "failed", failure_reason: "DLQ_MAX_DELIVERIES_EXCEEDED" });
    expect(runOf(batchId, PhaseName.SPELLCHECK)?.status).toBe("IN_PROGRESS");

    await h.publish(EssaySpellcheckCompletedTopic, spellcheckResult(batchId, a, true));
    await h.publish(EssaySpellcheckCompletedTopic, spellcheckResult(batchId, c, true));
    const [outcome] = await waitFor("spellcheck outcome", async () => {
      const found = await outcomes(batchId);
      return found.length > 0 ? found : undefined;
    });
    expect(outcome).toMatchObject({
      batch_id: batchId, phase: "spellcheck", status: "COMPLETED_WITH_FAILURES", user_id: "teacher-1",
      processed_essays: [a, c].map((e) => ({ essay_id: e.essay_id, text_storage_id: `corrected-${e.essay_id}` })), failed_essay_ids: [dead.essay_id],
    });

    // The same entry dead-lettered again, and a late result for the dead essay, change nothing.
    const before = { essays: runEssays(batchId, PhaseName.SPELLCHECK), statuses: statuses(batchId) };
    await deadLetter(EssaySpellcheckRequestedTopic, entry, "max_deliveries_exceeded");
    await h.publish(EssaySpellcheckCompletedTopic, spellcheckResult(batchId, dead, true));
    await waitFor("late result ignored", () =>
      h.logger.lines.some((l) => l.essay_id === dead.essay_id && String(l.msg).startsWith("result for a phase not running")));
    await waitFor("second dead letter consumed", () => consumedAll(EssaySpellcheckRequestedTopic.dlq));
    await settle(300);
    expect({ essays: runEssays(batchId, PhaseName.SPELLCHECK), statuses: statuses(batchId) }).toEqual(before);
    expect((await outcomes(batchId)).length).toBe(1);
  });

  test("a dead-lettered CJ request fails the whole run at once → FAILED_CRITICALLY", async () => {
    const { batchId, essays } = await provisionedBatch(h, 2);
    await h.publish(commandTopic(PhaseName.CJ_ASSESSMENT), phaseCommand(batchId, PhaseName.CJ_ASSESSMENT, essays), { correlationId: `corr-${batchId}` });
    await waitFor("cj request", async () => (await h.events(CJAssessmentRequestedTopic, batchId)).length === 1);
    await deadLetter(CJAssessmentRequestedTopic, await requestEntry(CJAssessmentRequestedTopic, batchId), "poison_message");

    const [outcome] = await waitFor("cj outcome", async () => {
      const found = await h.envelopes(ELSBatchPhaseOutcomeTopic, batchId);
      return found.length > 0 ? found : undefined;
    });
    expect(outcome?.correlation_id).toBe(`corr-${batchId}`);
    expect(outcome?.data).toMatchObject({
      batch_id: batchId, phase: "cj_assessment", status: "FAILED_CRITICALLY", processed_essays: [], failed_essay_ids: essays.map((e) => e.essay_id),
      essay_results: [{ failure_reason: "DLQ_POISON_MESSAGE" }, { failure_reason: "DLQ_POISON_MESSAGE" }],
    });
    expect(runEssays(batchId, PhaseName.CJ_ASSESSMENT).map((e) => e.failure_reason)).toEqual(["DLQ_POISON_MESSAGE", "DLQ_POISON_MESSAGE"]);
    expect(Object.values(statuses(batchId))).toEqual(["CJ_ASSESSMENT_FAILED", "CJ_ASSESSMENT_FAILED"]);
  });

  test("a phase service whose handler keeps failing: the kit dead-letters the request after its deliveries and ELS fails the essay", async () => {
    const { batchId, essays } = await provisionedBatch(h, 1);
    const nlpLogger = createMemoryLogger("nlp");
    const nlp = createConsumer({
      redis: h.redis, group: "nlp", logger: nlpLogger, dlq: createDlqWriter({ redis: h.redis, logger: nlpLogger }),
      maxDeliveries: 2, blockMs: 100, reclaimIdleMs: 100,
      handlers: [on(EssayNlpRequestedTopic, async (envelope) => {
        if (envelope.data.batch_id === batchId) throw new Error("content service unavailable");
      })],
    });
    await nlp.start();
    try {
      await h.publish(commandTopic(PhaseName.NLP), phaseCommand(batchId, PhaseName.NLP, essays));
      const [outcome] = await waitFor("nlp outcome", async () => {
        const found = await outcomes(batchId);
        return found.length > 0 ? found : undefined;
      });
      expect(outcome).toMatchObject({ status: "FAILED_CRITICALLY", failed_essay_ids: [essays[0]?.essay_id] });
      expect(runEssays(batchId, PhaseName.NLP).map((e) => e.failure_reason)).toEqual(["DLQ_MAX_DELIVERIES_EXCEEDED"]);
      expect(Object.values(statuses(batchId))).toEqual(["NLP_FAILED"]);
    } finally {
      await nlp.stop();
    }
  });

  test("a dead letter of a request whose run already closed changes nothing", async () => {
    const { batchId, essays } = await provisionedBatch(h, 1);
    const [only] = essays as [EssayTextRef];
    await h.publish(commandTopic(PhaseName.SPELLCHECK), phaseCommand(batchId, PhaseName.SPELLCHECK, essays));
    await waitFor("spellcheck request", async () => (await h.events(EssaySpellcheckRequestedTopic, batchId)).length === 1);
    const entry = await requestEntry(EssaySpellcheckRequestedTopic, batchId);
    await h.publish(EssaySpellcheckCompletedTopic, spellcheckResult(batchId, only, true));
    await waitFor("spellcheck outcome", async () => (await outcomes(batchId)).length > 0);

    await deadLetter(EssaySpellcheckRequestedTopic, entry, "max_deliveries_exceeded");
    await waitFor("dead letter ignored", () => h.logger.lines.some((l) => l.batch_id === batchId && String(l.msg).startsWith("dead-lettered request matches no pending essay")));
    expect(runEssays(batchId, PhaseName.SPELLCHECK)).toEqual([{ essay_id: only.essay_id, status: "success", failure_reason: null }]);
    expect(statuses(batchId)).toEqual({ [only.essay_id]: "SPELLCHECK_SUCCESS" });
    expect((await outcomes(batchId)).map((o) => o.status)).toEqual(["COMPLETED_SUCCESSFULLY"]);
  });

  test("an unreadable dead letter goes on to the DLQ's own DLQ and stops nothing", async () => {
    const writeDlq = createDlqWriter({ redis: h.redis, logger: createMemoryLogger("phase-service") });
    await writeDlq({ topic: EssayNlpRequestedTopic.name, reason: "schema_validation_failed", error: "bad", originalId: "1-0", deliveryCount: 1, envelope: "{not json" });
    const dlqOfDlq = defineDlqTopic(EssayNlpRequestedTopic).dlq;
    expect(dlqOfDlq).toBe(`${EssayNlpRequestedTopic.name}.DLQ.DLQ`);
    const [moved] = await waitFor("moved to the DLQ's DLQ", async () => {
      const entries = parseEntries(await h.redis.xrange(dlqOfDlq, "-", "+"));
      return entries.length > 0 ? entries : undefined;
    });
    expect(moved?.fields).toMatchObject({ envelope: "{not json", reason: "schema_validation_failed" });
  });

  test("the worker logged no errors", () => {
    expect(h.logger.lines.filter((l) => l.level === "error")).toEqual([]);
  });
});
