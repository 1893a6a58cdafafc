import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { publishRaw } from "../../shared/bus/publisher.ts";
import { BatchPipelineCompletedTopic } from "../../shared/contracts/events/batch.ts";
import { listMailbox, readMessage } from "../../scripts/smtp-sink/mailbox.ts";
import { spawnSmtpSink, type SmtpSink } from "../../scripts/smtp-sink/process.ts";
import { tempDir } from "../../shared/testing/temp-dir.ts";
import { readyBatch, waitForStatus } from "./support/batches.ts";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { signUpTeacher, type Teacher } from "./support/teachers.ts";

// Batch mails end to end: BOS → identity (decides, outbox) → e-mail service → a real SMTP server
// process. BOS runs a retention policy whose notice window already covers a new batch (1 day,
// notice 1 day, sweep every second), so every batch also gets a retention notice.
const SERVICES = ["content-service", "identity", "batch-conductor", "batch-orchestrator", "els-api", "els-worker", "file-service", "spellchecker", "result-aggregator", "email", "api-gateway"];
const APP_URL = "http://app.test";
const ESSAYS = [
  "Mobile phones in schools distract students from their lessons and should be handled with care.",
  "Schools should teach students how to use phones responsibly instead of banning them entirely.",
];
let e2e: E2EStack;
let sink: SmtpSink;
const mailDir = tempDir("huleedu-batch-mail-");

beforeAll(async () => {
  sink = await spawnSmtpSink({ dir: mailDir.path });
  e2e = await startE2EStack({
    EMAIL_SMTP_HOST: sink.host, EMAIL_SMTP_PORT: String(sink.port), EMAIL_SMTP_IGNORE_TLS: "true",
    EMAIL_RETRY_BASE_MS: "200", EMAIL_RETRY_MAX_MS: "1000", EMAIL_POLL_MS: "200", EMAIL_SMTP_TIMEOUT_MS: "2000",
    IDENTITY_APP_URL: APP_URL, BOS_RETENTION_DAYS: "1", BOS_RETENTION_NOTICE_DAYS: "1", BOS_RETENTION_SWEEP_SECONDS: "1",
  }, SERVICES);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
  await sink?.stop();
  mailDir.remove();
});

type SinkMail = { subject: string; text: string; html: string };
async function mailsAtSink(to: string): Promise<SinkMail[]> {
  return Promise.all(listMailbox(sink.dir, to).map((m) => readMessage(sink.dir, m)));
}
async function mailAtSink(to: string, what: (m: SinkMail) => boolean, label: string, timeoutMs = 30_000): Promise<SinkMail> {
  return eventually(`${label} to ${to}`, async () => (await mailsAtSink(to)).find(what), timeoutMs);
}
/** The e-mail service's records for one address (pending ones included). */
async function emailRecords(to: string): Promise<{ template: string; status: string }[]> {
  const res = await fetch(`${e2e.stack.urls.email}/internal/v1/emails?recipient=${encodeURIComponent(to)}`, {
    headers: { "X-Internal-API-Key": e2e.stack.env.HULEEDU_INTERNAL_API_KEY as string },
  });
  return ((await res.json()) as { emails: { template: string; status: string }[] }).emails;
}
const gateway = (path: string, token: string, method = "GET", body?: unknown) =>
  fetch(`${e2e.gateway}${path}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

/** A teacher who opened the verification mail at the SMTP sink and verified through the gateway. */
async function verifiedTeacher(language: "sv" | "en"): Promise<Teacher> {
  const teacher = await signUpTeacher(e2e);
  const mail = await mailAtSink(teacher.email, (m) => m.text.includes("verify-email?token="), "verification mail");
  const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  const res = await fetch(`${e2e.gateway}/v1/auth/email/verify`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token }) });
  expect(res.status).toBe(200);
  expect((await gateway("/v1/auth/profile", teacher.token, "PATCH", { preferred_language: language })).status).toBe(200);
  return teacher;
}

async function runSpellcheck(teacher: Teacher): Promise<string> {
  const batchId = await readyBatch(e2e, teacher, ESSAYS);
  expect((await gateway(`/v1/batches/${batchId}/pipelines`, teacher.token, "POST", { requested_pipeline: "spellcheck" })).status).toBe(202);
  expect(await waitForStatus(e2e.client(teacher.token), batchId, ["COMPLETED_SUCCESSFULLY"])).toBe("COMPLETED_SUCCESSFULLY");
  return batchId;
}

/** The completion entries of one batch on the real stream: [entry id, envelope JSON]. */
async function completionEntries(batchId: string): Promise<[string, string][]> {
  const entries = await e2e.redis.client().xrange(BatchPipelineCompletedTopic.name, "-", "+");
  return entries.map(([id, f]) => [id, f[1] as string] as [string, string]).filter(([, json]) => (JSON.parse(json) as { data: { batch_id: string } }).data.batch_id === batchId);
}

/** Identity's consumer group has read and acked everything on the completion stream. */
async function identityDrainedCompletions(): Promise<void> {
  await eventually("identity to ack every completion", async () => {
    const groups = (await e2e.redis.client().xinfo("GROUPS", BatchPipelineCompletedTopic.name)) as unknown[][];
    const group = groups.map((g) => Object.fromEntries(Array.from({ length: g.length / 2 }, (_, i) => [g[2 * i], g[2 * i + 1]]))).find((g) => g.name === "identity");
    return group && group.pending === 0 && group.lag === 0 ? true : undefined;
  });
}

/**
 * Prove that no results mail is on its way to `teacher`: once identity has acked the completion,
 * a later mail from identity's outbox (a password reset) reaches the sink; identity's relay and the
 * e-mail consumer keep order, so anything asked for before it would have been recorded first.
 */
async function laterMailArrived(teacher: Teacher): Promise<void> {
  await identityDrainedCompletions();
  expect((await fetch(`${e2e.gateway}/v1/auth/password/forgot`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: teacher.email }) })).status).toBe(202);
  await mailAtSink(teacher.email, (m) => m.text.includes("reset-password?token="), "the later reset mail");
}

const isResultsMail = (m: SinkMail) => /^(Results for|Resultaten för)/.test(m.subject);

describe("batch mails end to end", () => {
  let verified: Teacher;
  let batchId: string;

  test("a verified teacher runs a pipeline: the results-ready mail arrives at the SMTP server with the batch link", async () => {
    verified = await verifiedTeacher("en");
    batchId = await runSpellcheck(verified);
    const mail = await mailAtSink(verified.email, isResultsMail, "results mail");
    expect(mail.subject).toBe("Results for ENG5: Write an argumentative essay about mobile phones in schools. are ready");
    expect(mail.text).toContain("The spell check of ENG5: Write an argumentative essay about mobile phones in schools. is finished. See the results here:");
    expect(mail.text).toContain(`${APP_URL}/batches/${batchId}`);
    expect(mail.html).toContain(`<a href="${APP_URL}/batches/${batchId}">`);
  }, 90_000);

  test("BOS's retention notice reaches the owner's inbox: the erasure day and the batch page to export from", async () => {
    const mail = await mailAtSink(verified.email, (m) => m.subject.includes("will be erased on"), "retention notice");
    const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "Europe/Stockholm" }).format(Date.now() + 86_400_000);
    expect(mail.subject).toBe(`ENG5: Write an argumentative essay about mobile phones in schools. will be erased on ${day}`);
    expect(mail.text).toContain("(1 days after it was created)");
    expect(mail.text).toContain(`export it (original files and results as a zip) before then:\n\n${APP_URL}/batches/${batchId}`);
    expect(listMailbox(sink.dir, verified.email).filter((m) => m.subject.includes("will be erased on"))).toHaveLength(1);
  }, 30_000);

  test("a redelivered completion event (the same entry, and a re-emitted copy) does not mail twice", async () => {
    const [original] = await completionEntries(batchId);
    if (!original) throw new Error("no completion entry for the batch");
    const [, json] = original;
    await publishRaw(e2e.redis.client(), BatchPipelineCompletedTopic.name, json);
    const copy = JSON.parse(json) as { event_id: string };
    copy.event_id = crypto.randomUUID();
    await publishRaw(e2e.redis.client(), BatchPipelineCompletedTopic.name, JSON.stringify(copy));
    expect(await completionEntries(batchId)).toHaveLength(3);
    await laterMailArrived(verified);
    expect((await mailsAtSink(verified.email)).filter(isResultsMail)).toHaveLength(1);
    expect((await emailRecords(verified.email)).filter((r) => r.template === "batch_results_ready")).toHaveLength(1);
  }, 60_000);

  test("with notify_results_by_email off no results mail is sent (a later mail arrives, the results mail never does)", async () => {
    const quiet = await verifiedTeacher("sv");
    const off = await gateway("/v1/auth/profile", quiet.token, "PATCH", { notify_results_by_email: false });
    expect(off.status).toBe(200);
    expect(((await off.json()) as { notify_results_by_email: boolean }).notify_results_by_email).toBe(false);
    await runSpellcheck(quiet);
    await laterMailArrived(quiet);
    expect((await mailsAtSink(quiet.email)).filter(isResultsMail)).toEqual([]);
    expect((await emailRecords(quiet.email)).map((r) => r.template)).not.toContain("batch_results_ready");
  }, 90_000);

  test("an unverified teacher gets no batch mails at all", async () => {
    const unverified = await signUpTeacher(e2e);
    await runSpellcheck(unverified);
    await laterMailArrived(unverified);
    const templates = (await emailRecords(unverified.email)).map((r) => r.template);
    expect(templates).toContain("password_reset");
    expect(templates).not.toContain("batch_results_ready");
    expect(templates).not.toContain("retention_notice");
  }, 90_000);
});
