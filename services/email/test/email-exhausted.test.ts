import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { EmailFailedTopic, EmailRequestedTopic, EmailSentTopic } from "@shared/contracts/events/email.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { listMailbox } from "../../../scripts/smtp-sink/mailbox.ts";
import { spawnSmtpSink, type SmtpSink } from "../../../scripts/smtp-sink/process.ts";
import { loadEmailConfig } from "../src/config.ts";
import { startEmailService } from "../src/service.ts";

const KEY = "email-test-key";
const MAX_ATTEMPTS = 3;
const dir = tempDir("huleedu-email-exhausted-");
let redis: TestRedis;
let sink: SmtpSink;
let service: Awaited<ReturnType<typeof startEmailService>>;

beforeAll(async () => {
  redis = await startRedis();
  sink = await spawnSmtpSink({ dir: join(dir.path, "mail") });
  await sink.stop(); // the port is known and dark: every attempt is a connection refused (transient)
  service = await startEmailService(loadEmailConfig({
    REDIS_URL: redis.url, HULEEDU_INTERNAL_API_KEY: KEY, HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500", HULEEDU_OUTBOX_POLL_MS: "100",
    EMAIL_HTTP_PORT: "0", EMAIL_DB_PATH: join(dir.path, "email.sqlite"), EMAIL_SMTP_PORT: String(sink.port), EMAIL_SMTP_IGNORE_TLS: "true", EMAIL_SMTP_TIMEOUT_MS: "1000",
    EMAIL_RETRY_BASE_MS: "50", EMAIL_RETRY_MAX_MS: "200", EMAIL_POLL_MS: "100", EMAIL_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
  }), createMemoryLogger("email"));
});
afterAll(async () => {
  await service?.stop();
  await sink?.stop();
  await redis?.stop();
  dir.remove();
});

async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(50);
  }
}
type Row = { status: string; attempts: number; last_error: string | null };
async function record(messageId: string): Promise<Row | undefined> {
  const res = await fetch(`${service.url}/internal/v1/emails/${messageId}`, { headers: { "X-Internal-API-Key": KEY } });
  return res.status === 200 ? ((await res.json()) as Row) : undefined;
}
const events = async (topic: string) => (await redis.client().xrange(topic, "-", "+")).map(([, f]) => JSON.parse(f[1] as string) as { data: Record<string, unknown> });

test(`SMTP down through EMAIL_MAX_ATTEMPTS (${MAX_ATTEMPTS}) attempts: failed record, attempts_exhausted event, DLQ entry; no further tries`, async () => {
  const envelope = makeEnvelope(EmailRequestedTopic, {
    data: { message_id: crypto.randomUUID(), template: "welcome", language: "en", to: "never@school.example", user_id: "u-x", variables: { app_url: "http://app.local/" } },
    source: "test", correlationId: crypto.randomUUID(),
  });
  await publishEnvelope(redis.client(), EmailRequestedTopic, envelope);
  const id = envelope.data.message_id;
  const row = await eventually("failed record", async () => { const r = await record(id); return r?.status === "failed" ? r : undefined; });
  expect(row.attempts).toBe(MAX_ATTEMPTS);
  expect(row.last_error).toBeTruthy();
  const failed = await eventually("failed event", async () => (await events(EmailFailedTopic.name)).find((e) => e.data.message_id === id));
  expect(failed.data).toMatchObject({ reason: "attempts_exhausted", attempts: MAX_ATTEMPTS, user_id: "u-x", template: "welcome" });
  const dlq = (await redis.client().xrange(EmailRequestedTopic.dlq, "-", "+")).filter(([, f]) => f.includes(id));
  expect(dlq).toHaveLength(1);
  const fields = dlq[0]?.[1] ?? [];
  expect(fields[fields.indexOf("reason") + 1]).toBe("attempts_exhausted");

  // Given up for good: the server coming back sends nothing, and the count stays.
  await sink.start();
  await Bun.sleep(800);
  expect(listMailbox(sink.dir, "never@school.example")).toHaveLength(0);
  expect((await record(id))?.attempts).toBe(MAX_ATTEMPTS);
  expect((await events(EmailSentTopic.name)).some((e) => e.data.message_id === id)).toBe(false);
  expect((await events(EmailFailedTopic.name)).filter((e) => e.data.message_id === id)).toHaveLength(1);
}, 30_000);
