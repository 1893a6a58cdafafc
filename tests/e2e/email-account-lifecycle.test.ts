import { afterAll, beforeAll, expect, test } from "bun:test";
import { listMailbox, readMessage } from "../../scripts/smtp-sink/mailbox.ts";
import { spawnSmtpSink, type SmtpSink } from "../../scripts/smtp-sink/process.ts";
import { tempDir } from "../../shared/testing/temp-dir.ts";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";

// The account lifecycle through the gateway, with mails going identity → outbox → stream → e-mail
// service → SMTP (a real smtp-server process) and read back from what that server stored.
let e2e: E2EStack;
let sink: SmtpSink;
const mailDir = tempDir("huleedu-mail-");
const PASSWORD = "correct horse battery staple";
const NEW_PASSWORD = "a much better passphrase";

beforeAll(async () => {
  sink = await spawnSmtpSink({ dir: mailDir.path });
  e2e = await startE2EStack({
    EMAIL_SMTP_HOST: sink.host, EMAIL_SMTP_PORT: String(sink.port), EMAIL_SMTP_IGNORE_TLS: "true",
    EMAIL_RETRY_BASE_MS: "200", EMAIL_RETRY_MAX_MS: "1000", EMAIL_POLL_MS: "200", EMAIL_SMTP_TIMEOUT_MS: "2000",
  }, ["email", "identity", "api-gateway"]);
});
afterAll(async () => {
  await e2e?.stop();
  await sink?.stop();
  mailDir.remove();
});

const post = (path: string, body: unknown, token?: string) =>
  fetch(`${e2e.gateway}${path}`, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) } });

/** Wait for the `n`-th mail to `to` at the SMTP server; its subject and the token in its link. */
async function nthMail(to: string, n: number, timeoutMs = 20_000) {
  const message = await eventually(`mail ${n} to ${to}`, async () => listMailbox(sink.dir, to)[n - 1], timeoutMs);
  const parsed = await readMessage(sink.dir, message);
  return { subject: parsed.subject, text: parsed.text, token: /token=([A-Za-z0-9_-]+)/.exec(parsed.text)?.[1] };
}

test("sign up → verification mail at the SMTP server → verify → welcome mail", async () => {
  const email = "asa.linden@school.example";
  expect((await post("/v1/auth/register", { email, password: PASSWORD, name: "Åsa Lindén", preferred_language: "sv" })).status).toBe(201);
  const verification = await nthMail(email, 1);
  expect(verification.subject).toBe("Bekräfta din e-postadress för HuleEdu");
  expect(verification.text).toContain("Hej Åsa Lindén!");
  expect(verification.token).toBeTruthy();
  const verified = await post("/v1/auth/email/verify", { token: verification.token });
  expect(verified.status).toBe(200);
  expect(((await verified.json()) as { email_verified: boolean }).email_verified).toBe(true);
  expect((await post("/v1/auth/email/verify", { token: verification.token })).status).toBe(400);
  expect((await nthMail(email, 2)).subject).toBe("Välkommen till HuleEdu");
});

test("forgot password → reset mail → the new password works; the old password and old refresh tokens fail", async () => {
  const email = "reset.teacher@school.example";
  expect((await post("/v1/auth/register", { email, password: PASSWORD, preferred_language: "en" })).status).toBe(201);
  await nthMail(email, 1);
  const sessions = await Promise.all([1, 2].map(async () => (await (await post("/v1/auth/login", { email, password: PASSWORD })).json()) as { refresh_token: string; access_token: string }));
  const listed = (await (await fetch(`${e2e.gateway}/v1/auth/sessions`, { headers: { Authorization: `Bearer ${sessions[0]!.access_token}` } })).json()) as { sessions: unknown[] };
  expect(listed.sessions).toHaveLength(2);

  expect((await post("/v1/auth/password/forgot", { email })).status).toBe(202);
  const reset = await nthMail(email, 2);
  expect(reset.subject).toBe("Reset your HuleEdu password");
  expect((await post("/v1/auth/password/reset", { token: reset.token, password: NEW_PASSWORD })).status).toBe(200);

  expect((await post("/v1/auth/login", { email, password: NEW_PASSWORD })).status).toBe(200);
  expect((await post("/v1/auth/login", { email, password: PASSWORD })).status).toBe(401);
  for (const s of sessions) expect((await post("/v1/auth/refresh", { refresh_token: s.refresh_token })).status).toBe(401);
  // Unknown addresses get the same answer and no mail.
  const unknown = await post("/v1/auth/password/forgot", { email: "nobody@school.example" });
  expect(unknown.status).toBe(202);
});

test("SMTP server down: the reset mail is retried and delivered once the server is back, nothing lost", async () => {
  const email = "patient.teacher@school.example";
  expect((await post("/v1/auth/register", { email, password: PASSWORD, preferred_language: "en" })).status).toBe(201);
  await nthMail(email, 1);
  await sink.stop();
  expect((await post("/v1/auth/password/forgot", { email })).status).toBe(202);
  const headers = { "X-Internal-API-Key": e2e.stack.env.HULEEDU_INTERNAL_API_KEY as string };
  type Record = { template: string; status: string; attempts: number; last_error: string | null };
  const retrying = await eventually("the reset mail failing and being retried", async () => {
    const res = await fetch(`${e2e.stack.urls.email}/internal/v1/emails?recipient=${encodeURIComponent(email)}`, { headers });
    const { emails } = (await res.json()) as { emails: Record[] };
    const mail = emails.find((m) => m.template === "password_reset");
    return mail && mail.status === "pending" && mail.attempts >= 2 ? mail : undefined;
  });
  expect(retrying.last_error).toBeTruthy();
  await sink.start();
  const reset = await nthMail(email, 2);
  expect(reset.subject).toBe("Reset your HuleEdu password");
  expect((await post("/v1/auth/password/reset", { token: reset.token, password: NEW_PASSWORD })).status).toBe(200);
  const res = await fetch(`${e2e.stack.urls.email}/internal/v1/emails?recipient=${encodeURIComponent(email)}`, { headers });
  const { emails } = (await res.json()) as { emails: Record[] };
  expect(emails.map((m) => m.status)).toEqual(["sent", "sent"]);
  expect(listMailbox(sink.dir, email)).toHaveLength(2);
});
