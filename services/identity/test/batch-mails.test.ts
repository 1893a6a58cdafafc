import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { BatchPipelineCompletedTopic } from "@shared/contracts/events/batch.ts";
import { EmailRequestedTopic } from "@shared/contracts/events/email.ts";
import { BatchRetentionNoticeTopic } from "@shared/contracts/events/lifecycle.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import { startIdentity, type IdentityUnderTest, type Tokens } from "./identity-fixture.ts";

// Identity on a real Redis: BOS's events go in, mail requests come out of its outbox.
let identity: IdentityUnderTest;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  identity = await startIdentity({ IDENTITY_APP_URL: "http://app.test", HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500" });
});
afterAll(async () => {
  await identity.stop();
});

type Mail = { template: string; language: string; to: string; variables: Record<string, string> };
async function mailsTo(to: string): Promise<Mail[]> {
  const entries = await identity.redis.client().xrange(EmailRequestedTopic.name, "-", "+");
  return entries.map(([, f]) => (JSON.parse(f[1] as string) as { data: Mail }).data).filter((m) => m.to === to);
}
async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(50);
  }
}
const json = (token: string, body?: unknown): RequestInit => ({
  method: body === undefined ? "GET" : "PATCH", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/** A signed-up teacher; `verified` spends the mailed verification token. */
async function teacher(email: string, options: { verified: boolean; language?: "sv" | "en" }) {
  expect((await identity.post("/v1/auth/register", { email, password: PASSWORD, name: "Åsa Lindén", preferred_language: options.language ?? "sv" })).status).toBe(201);
  const verification = await until("verification mail", async () => (await mailsTo(email)).find((m) => m.template === "verification"));
  if (options.verified) expect((await identity.post("/v1/auth/email/verify", { token: verification.variables.token })).status).toBe(200);
  const tokens = (await (await identity.post("/v1/auth/login", { email, password: PASSWORD })).json()) as Tokens;
  const me = (await (await fetch(`${identity.url}/v1/auth/profile`, json(tokens.access_token))).json()) as { user_id: string };
  return { email, userId: me.user_id, token: tokens.access_token };
}

function completion(userId: string, batchId: string, extra: Partial<{ pipeline: "nlp" | "spellcheck"; final_status: "COMPLETED_SUCCESSFULLY" | "COMPLETED_WITH_FAILURES"; failed_essay_ids: string[] }> = {}) {
  return makeEnvelope(BatchPipelineCompletedTopic, {
    data: {
      batch_id: batchId, user_id: userId, pipeline: extra.pipeline ?? "nlp", final_status: extra.final_status ?? "COMPLETED_SUCCESSFULLY",
      completed_phases: ["spellcheck", "nlp"], failed_essay_ids: extra.failed_essay_ids ?? [], course_code: "ENG5", essay_instructions: "Write about your summer.", essay_count: 4,
    },
    source: "batch_orchestrator_service", correlationId: crypto.randomUUID(),
  });
}
const publish = (envelope: Parameters<typeof publishEnvelope>[2]) => publishEnvelope(identity.redis.client(), BatchPipelineCompletedTopic, envelope);

/** Wait until identity's consumer group has acked everything on `stream` (nothing pending, nothing unread). */
async function drained(stream: string) {
  await until(`identity to drain ${stream}`, async () => {
    const groups = (await identity.redis.client().xinfo("GROUPS", stream)) as unknown[][];
    const group = groups.map((g) => Object.fromEntries(Array.from({ length: g.length / 2 }, (_, i) => [g[2 * i], g[2 * i + 1]]))).find((g) => g.name === "identity");
    return group && group.pending === 0 && group.lag === 0 ? true : undefined;
  });
}

describe("results-ready mail", () => {
  test("a completed run mails a verified owner once, in their language, with the batch link; redelivery and a re-emitted copy send nothing more", async () => {
    const t = await teacher("results@school.example", { verified: true, language: "en" });
    const event = completion(t.userId, "batch-r1", { final_status: "COMPLETED_WITH_FAILURES", failed_essay_ids: ["e1"] });
    await publish(event);
    const mail = await until("results mail", async () => (await mailsTo(t.email)).find((m) => m.template === "batch_results_ready"));
    expect(mail.language).toBe("en");
    expect(mail.variables).toEqual({
      name: "Åsa Lindén", batch_name: "ENG5: Write about your summer.", results_url: "http://app.test/batches/batch-r1", pipeline: "nlp",
      outcome: "completed_with_failures", failed_count: "1", essay_count: "4",
    });
    await publish(event); // the same entry again (a redelivery)
    await publish(completion(t.userId, "batch-r1")); // the same run announced twice (new event id)
    await publish(completion(t.userId, "batch-r1", { pipeline: "spellcheck" })); // another pipeline: another mail
    await until("the spellcheck mail", async () => (await mailsTo(t.email)).find((m) => m.variables.pipeline === "spellcheck"));
    await drained(BatchPipelineCompletedTopic.name);
    await Bun.sleep(300); // outbox relay: anything committed is out by now (poll 100 ms)
    expect((await mailsTo(t.email)).filter((m) => m.template === "batch_results_ready").map((m) => m.variables.pipeline)).toEqual(["nlp", "spellcheck"]);
  });

  test("no mail to an unverified address or after turning results mails off; turning them on again mails the next run", async () => {
    const unverified = await teacher("unverified@school.example", { verified: false });
    const optedOut = await teacher("quiet@school.example", { verified: true });
    const off = await fetch(`${identity.url}/v1/auth/profile`, json(optedOut.token, { notify_results_by_email: false }));
    expect(off.status).toBe(200);
    expect(((await off.json()) as { notify_results_by_email: boolean }).notify_results_by_email).toBe(false);
    await publish(completion(unverified.userId, "batch-u1"));
    await publish(completion(optedOut.userId, "batch-q1"));
    await drained(BatchPipelineCompletedTopic.name);
    // A later mail through the same outbox proves nothing earlier is still on its way.
    expect((await identity.post("/v1/auth/password/forgot", { email: optedOut.email })).status).toBe(202);
    expect((await identity.post("/v1/auth/password/forgot", { email: unverified.email })).status).toBe(202);
    for (const who of [optedOut, unverified]) {
      await until("the later reset mail", async () => (await mailsTo(who.email)).find((m) => m.template === "password_reset"));
      expect((await mailsTo(who.email)).map((m) => m.template)).not.toContain("batch_results_ready");
    }
    expect((await fetch(`${identity.url}/v1/auth/profile`, json(optedOut.token, { notify_results_by_email: true }))).status).toBe(200);
    await publish(completion(optedOut.userId, "batch-q2"));
    const mail = await until("the mail after opting in", async () => (await mailsTo(optedOut.email)).find((m) => m.template === "batch_results_ready"));
    expect(mail.variables.results_url).toBe("http://app.test/batches/batch-q2");
    expect(mail.language).toBe("sv");
  });

  test("the preference is validated, defaults to on and does not touch other fields", async () => {
    const t = await teacher("prefs@school.example", { verified: false, language: "en" });
    const profile = (await (await fetch(`${identity.url}/v1/auth/profile`, json(t.token))).json()) as Record<string, unknown>;
    expect(profile.notify_results_by_email).toBe(true);
    const bad = await fetch(`${identity.url}/v1/auth/profile`, json(t.token, { notify_results_by_email: "no" }));
    expect(bad.status).toBe(400);
    const error = (await bad.json()) as { error_code?: string; code?: string; message: string };
    expect(JSON.stringify(error)).toContain("VALIDATION_ERROR");
    expect(error.message).toContain("notify_results_by_email must be true or false");
    const after = (await (await fetch(`${identity.url}/v1/auth/profile`, json(t.token))).json()) as Record<string, unknown>;
    expect(after).toEqual(profile);
  });
});

describe("retention-notice mail", () => {
  test("a notice mails the verified owner the erasure date and the batch link, once, even with results mails off", async () => {
    const t = await teacher("retention@school.example", { verified: true, language: "en" });
    expect((await fetch(`${identity.url}/v1/auth/profile`, json(t.token, { notify_results_by_email: false }))).status).toBe(200);
    const notice = () => makeEnvelope(BatchRetentionNoticeTopic, {
      data: { batch_id: "batch-old", user_id: t.userId, erase_after: "2026-12-09T10:00:00.000Z", retention_days: 30, course_code: "SV1", essay_instructions: "Min sommar" },
      source: "batch_orchestrator_service", correlationId: crypto.randomUUID(),
    });
    const first = notice();
    await publishEnvelope(identity.redis.client(), BatchRetentionNoticeTopic, first);
    await publishEnvelope(identity.redis.client(), BatchRetentionNoticeTopic, first);
    await publishEnvelope(identity.redis.client(), BatchRetentionNoticeTopic, notice());
    const mail = await until("retention mail", async () => (await mailsTo(t.email)).find((m) => m.template === "retention_notice"));
    expect(mail.variables).toEqual({ name: "Åsa Lindén", batch_name: "SV1: Min sommar", erase_after: "2026-12-09T10:00:00.000Z", retention_days: "30", batch_url: "http://app.test/batches/batch-old" });
    await drained(BatchRetentionNoticeTopic.name);
    await Bun.sleep(300);
    expect((await mailsTo(t.email)).filter((m) => m.template === "retention_notice")).toHaveLength(1);
  });
});
