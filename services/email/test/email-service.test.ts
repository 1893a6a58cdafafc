import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { EmailFailedTopic, EmailRequestedTopic, EmailSentTopic, EmailTemplateSchema } from "@shared/contracts/events/email.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { listMailbox, readMessage } from "../../../scripts/smtp-sink/mailbox.ts";
import { spawnSmtpSink, type SmtpSink } from "../../../scripts/smtp-sink/process.ts";
import { loadEmailConfig } from "../src/config.ts";
import { startEmailService } from "../src/service.ts";

const KEY = "email-test-key";
const SECRET = "smtp-password-do-not-log";
const dir = tempDir("huleedu-email-");
const logger = createMemoryLogger("email");
let redis: TestRedis;
let sink: SmtpSink;
let service: Awaited<ReturnType<typeof startEmailService>>;

beforeAll(async () => {
  redis = await startRedis();
  sink = await spawnSmtpSink({ dir: join(dir.path, "mail") });
  const env = {
    REDIS_URL: redis.url, HULEEDU_INTERNAL_API_KEY: KEY, HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500", HULEEDU_OUTBOX_POLL_MS: "100",
    EMAIL_HTTP_PORT: "0", EMAIL_DB_PATH: join(dir.path, "email.sqlite"), EMAIL_SMTP_PORT: String(sink.port), EMAIL_SMTP_IGNORE_TLS: "true",
    EMAIL_SMTP_USER: "mailer", EMAIL_SMTP_PASSWORD: SECRET, EMAIL_SMTP_TIMEOUT_MS: "2000",
    EMAIL_RETRY_BASE_MS: "200", EMAIL_RETRY_MAX_MS: "800", EMAIL_POLL_MS: "200", EMAIL_MAX_ATTEMPTS: "30",
  };
  service = await startEmailService(loadEmailConfig(env), logger);
});
afterAll(async () => {
  await service?.stop();
  await sink?.stop();
  await redis?.stop();
  dir.remove();
});

/** Poll until `check` gives a value. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(50);
  }
}

async function request(to: string, overrides: Partial<{ template: "verification" | "welcome"; variables: Record<string, string>; language: "sv" | "en"; message_id: string }> = {}) {
  const envelope = makeEnvelope(EmailRequestedTopic, {
    data: {
      message_id: overrides.message_id ?? crypto.randomUUID(), template: overrides.template ?? "verification", language: overrides.language ?? "sv", to, user_id: "u-1",
      variables: overrides.variables ?? { name: "Åsa", verify_url: "http://app.local/verify?token=t0k3n", token: "t0k3n", expires_hours: "24" },
    },
    source: "test", correlationId: crypto.randomUUID(),
  });
  await publishEnvelope(redis.client(), EmailRequestedTopic, envelope);
  return envelope;
}
async function record(messageId: string) {
  const res = await fetch(`${service.url}/internal/v1/emails/${messageId}`, { headers: { "X-Internal-API-Key": KEY } });
  return res.status === 200 ? ((await res.json()) as { status: string; attempts: number; provider_message_id: string | null; last_error: string | null }) : undefined;
}
async function streamEvents(topic: string) {
  const entries = await redis.client().xrange(topic, "-", "+");
  return entries.map(([, fields]) => JSON.parse(fields[1] as string) as { data: Record<string, unknown> });
}

describe("email service", () => {
  test("a request is rendered in Swedish, sent to the SMTP sink, recorded and announced", async () => {
    const sent = await request("asa@school.example");
    const id = sent.data.message_id;
    const mail = await eventually("mail at the sink", async () => listMailbox(sink.dir, "asa@school.example")[0]);
    const parsed = await readMessage(sink.dir, mail);
    expect(parsed.subject).toBe("Bekräfta din e-postadress för HuleEdu");
    expect(parsed.text).toContain("http://app.local/verify?token=t0k3n");
    expect(parsed.headers.get("x-huleedu-message-id")).toBe(id);
    const row = await eventually("sent record", async () => ((await record(id))?.status === "sent" ? record(id) : undefined));
    expect(row?.attempts).toBe(1);
    expect(row?.provider_message_id).toContain(id);
    const events = await eventually("sent event", async () => (await streamEvents(EmailSentTopic.name)).find((e) => e.data.message_id === id));
    expect(events.data.attempts).toBe(1);
  });

  test("the same request twice (redelivery or a repeated message id) sends one mail", async () => {
    const first = await request("twice@school.example");
    await publishEnvelope(redis.client(), EmailRequestedTopic, first);
    await request("twice@school.example", { message_id: first.data.message_id });
    await eventually("sent", async () => ((await record(first.data.message_id))?.status === "sent" ? true : undefined));
    await Bun.sleep(500);
    expect(listMailbox(sink.dir, "twice@school.example")).toHaveLength(1);
  });

  test("SMTP down: the mail is retried with backoff and sent when the server returns", async () => {
    await sink.stop();
    const sent = await request("later@school.example", { template: "welcome", language: "en", variables: { app_url: "http://app.local/" } });
    const id = sent.data.message_id;
    const retrying = await eventually("two failed attempts", async () => {
      const r = await record(id);
      return r && r.attempts >= 2 && r.status === "pending" ? r : undefined;
    });
    expect(retrying.last_error).toBeTruthy();
    await sink.start();
    const done = await eventually("sent after the sink returned", async () => ((await record(id))?.status === "sent" ? record(id) : undefined), 15_000);
    expect(done?.attempts).toBeGreaterThanOrEqual(3);
    const mail = listMailbox(sink.dir, "later@school.example");
    expect(mail).toHaveLength(1);
    expect((await readMessage(sink.dir, mail[0]!)).subject).toBe("Welcome to HuleEdu");
  });

  test("a permanent refusal (550) fails at once: failed record, failed event, DLQ entry", async () => {
    const sent = await request("reject-me@school.example");
    const id = sent.data.message_id;
    const row = await eventually("failed", async () => ((await record(id))?.status === "failed" ? record(id) : undefined));
    expect(row?.attempts).toBe(1);
    const failed = await eventually("failed event", async () => (await streamEvents(EmailFailedTopic.name)).find((e) => e.data.message_id === id));
    expect(failed.data.reason).toBe("permanent_rejection");
    const dlq = await redis.client().xrange(EmailRequestedTopic.dlq, "-", "+");
    expect(dlq.some(([, f]) => f.includes(id))).toBe(true);
  });

  test("a request missing a template variable fails as render_failed without contacting SMTP", async () => {
    const sent = await request("broken@school.example", { variables: { verify_url: "x" } });
    await eventually("failed", async () => ((await record(sent.data.message_id))?.status === "failed" ? true : undefined));
    const failed = await eventually("failed event", async () => (await streamEvents(EmailFailedTopic.name)).find((e) => e.data.message_id === sent.data.message_id));
    expect(failed.data.reason).toBe("render_failed");
    expect(failed.data.attempts).toBe(1);
  });

  test("the status and template columns refuse unknown values (every contract template fits); no log line carries the SMTP password or a token", () => {
    const db = new Database(join(dir.path, "email.sqlite"));
    expect(() => db.run("UPDATE emails SET status = 'bogus'")).toThrow(/CHECK/);
    for (const status of ["pending", "sent", "failed"]) db.run(`UPDATE emails SET status = '${status}' WHERE 0`);
    // Every template of the contract fits the column (a row really changes), a bogus one does not.
    const row = db.query<{ message_id: string; template: string }, []>("SELECT message_id, template FROM emails LIMIT 1").get();
    if (!row) throw new Error("no e-mail recorded");
    for (const template of EmailTemplateSchema.options) {
      expect(db.run("UPDATE emails SET template = ? WHERE message_id = ?", [template, row.message_id]).changes).toBe(1);
    }
    expect(() => db.run("UPDATE emails SET template = 'bogus' WHERE message_id = ?", [row.message_id])).toThrow(/CHECK/);
    db.run("UPDATE emails SET template = ? WHERE message_id = ?", [row.template, row.message_id]);
    db.close();
    const all = JSON.stringify(logger.lines);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain("t0k3n");
    expect(logger.lines.some((l) => l.msg === "e-mail sent")).toBe(true);
  });
});
