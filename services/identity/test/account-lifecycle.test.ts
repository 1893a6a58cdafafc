import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { decodeJwt } from "jose";
import { EmailRequestedTopic } from "@shared/contracts/events/email.ts";
import { startIdentity, type IdentityUnderTest, type Tokens } from "./identity-fixture.ts";

let identity: IdentityUnderTest;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  identity = await startIdentity({ IDENTITY_LOCKOUT_FREE_FAILURES: "3", IDENTITY_LOCKOUT_BASE_SECONDS: "2", IDENTITY_LOGIN_RATE_LIMIT: "50", IDENTITY_APP_URL: "http://app.test" });
});
afterAll(async () => {
  await identity.stop();
});

type Mail = { template: string; language: string; to: string; variables: Record<string, string> };
/** The mails identity asked for (published from its outbox), to one address. */
async function mailsTo(to: string, template?: string): Promise<Mail[]> {
  const entries = await identity.redis.client().xrange(EmailRequestedTopic.name, "-", "+");
  return entries.map(([, f]) => (JSON.parse(f[1] as string) as { data: Mail }).data).filter((m) => m.to === to && (!template || m.template === template));
}
async function lastMail(to: string, template: string): Promise<Mail> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const mails = await mailsTo(to, template);
    if (mails.length > 0) return mails.at(-1) as Mail;
    if (Date.now() > deadline) throw new Error(`no ${template} mail to ${to}`);
    await Bun.sleep(50);
  }
}
const authed = (token: string, init: RequestInit = {}) => ({ ...init, headers: { ...(init.headers ?? {}), Authorization: `Bearer ${token}`, "Content-Type": "application/json" } });
async function signUpAndLogin(email: string, extra: Record<string, unknown> = {}): Promise<Tokens> {
  expect((await identity.post("/v1/auth/register", { email, password: PASSWORD, ...extra })).status).toBe(201);
  return (await (await identity.post("/v1/auth/login", { email, password: PASSWORD })).json()) as Tokens;
}

describe("e-mail verification", () => {
  test("sign-up mails a single-use token in the chosen language; verifying it marks the profile and sends a welcome", async () => {
    const tokens = await signUpAndLogin("verify@example.org", { name: "Åsa Lindén", preferred_language: "en" });
    const mail = await lastMail("verify@example.org", "verification");
    expect(mail.language).toBe("en");
    expect(mail.variables.name).toBe("Åsa Lindén");
    expect(mail.variables.verify_url).toBe(`http://app.test/verify-email?token=${mail.variables.token}`);
    const before = (await (await fetch(`${identity.url}/v1/auth/profile`, authed(tokens.access_token))).json()) as { email_verified: boolean };
    expect(before.email_verified).toBe(false);
    const ok = await identity.post("/v1/auth/email/verify", { token: mail.variables.token });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { email_verified: boolean }).email_verified).toBe(true);
    const again = await identity.post("/v1/auth/email/verify", { token: mail.variables.token });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { details: { reason: string } }).details.reason).toBe("token_invalid");
    expect((await lastMail("verify@example.org", "welcome")).language).toBe("en");
  });

  test("resend supersedes the earlier token; unknown addresses get the same 202", async () => {
    await signUpAndLogin("resend@example.org");
    const first = await lastMail("resend@example.org", "verification");
    const known = await identity.post("/v1/auth/email/verify/resend", { email: "resend@example.org" });
    const unknown = await identity.post("/v1/auth/email/verify/resend", { email: "ghost@example.org" });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.json()).toEqual(await unknown.json());
    const deadline = Date.now() + 5000;
    while ((await mailsTo("resend@example.org", "verification")).length < 2 && Date.now() < deadline) await Bun.sleep(50);
    const second = await lastMail("resend@example.org", "verification");
    expect(second.variables.token).not.toBe(first.variables.token);
    expect((await identity.post("/v1/auth/email/verify", { token: first.variables.token })).status).toBe(400);
    expect((await identity.post("/v1/auth/email/verify", { token: second.variables.token })).status).toBe(200);
    expect(await mailsTo("ghost@example.org")).toHaveLength(0);
  });

  test("a second sign-up with a taken address mails the owner, not the caller", async () => {
    await signUpAndLogin("taken@example.org", { preferred_language: "sv" });
    expect((await identity.post("/v1/auth/register", { email: "taken@example.org", password: "another password 1" })).status).toBe(201);
    expect((await lastMail("taken@example.org", "account_exists")).language).toBe("sv");
    expect((await identity.post("/v1/auth/login", { email: "taken@example.org", password: "another password 1" })).status).toBe(401);
  });
});

describe("password reset and change", () => {
  test("forgot → mailed token → new password works, the old one and every old refresh token fail", async () => {
    const first = await signUpAndLogin("reset@example.org");
    const second = (await (await identity.post("/v1/auth/login", { email: "reset@example.org", password: PASSWORD })).json()) as Tokens;
    expect((await identity.post("/v1/auth/password/forgot", { email: "reset@example.org" })).status).toBe(202);
    const mail = await lastMail("reset@example.org", "password_reset");
    const reset = await identity.post("/v1/auth/password/reset", { token: mail.variables.token, password: "a brand new password" });
    expect(reset.status).toBe(200);
    expect(((await reset.json()) as { sessions_revoked: number }).sessions_revoked).toBe(2);
    for (const t of [first, second]) expect((await identity.post("/v1/auth/refresh", { refresh_token: t.refresh_token })).status).toBe(401);
    expect((await identity.post("/v1/auth/login", { email: "reset@example.org", password: PASSWORD })).status).toBe(401);
    expect((await identity.post("/v1/auth/login", { email: "reset@example.org", password: "a brand new password" })).status).toBe(200);
    expect((await identity.post("/v1/auth/password/reset", { token: mail.variables.token, password: "yet another password" })).status).toBe(400);
  });

  test("forgot for an unknown address: 202 and no mail", async () => {
    const res = await identity.post("/v1/auth/password/forgot", { email: "nobody-here@example.org" });
    expect(res.status).toBe(202);
    await Bun.sleep(300);
    expect(await mailsTo("nobody-here@example.org")).toHaveLength(0);
  });

  test("change password needs the current one and keeps only this session", async () => {
    const a = await signUpAndLogin("change@example.org");
    const b = (await (await identity.post("/v1/auth/login", { email: "change@example.org", password: PASSWORD })).json()) as Tokens;
    const wrong = await fetch(`${identity.url}/v1/auth/password/change`, authed(a.access_token, { method: "POST", body: JSON.stringify({ current_password: "nope nope nope", new_password: "changed password 1" }) }));
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${identity.url}/v1/auth/password/change`, authed(a.access_token, { method: "POST", body: JSON.stringify({ current_password: PASSWORD, new_password: "changed password 1" }) }));
    expect(ok.status).toBe(200);
    expect((await identity.post("/v1/auth/refresh", { refresh_token: b.refresh_token })).status).toBe(401);
    expect((await identity.post("/v1/auth/refresh", { refresh_token: a.refresh_token })).status).toBe(200);
  });
});

describe("sessions and profile", () => {
  test("sessions are listed; sign out ends one, sign out everywhere ends all", async () => {
    const a = await signUpAndLogin("sessions@example.org");
    const b = (await (await identity.post("/v1/auth/login", { email: "sessions@example.org", password: PASSWORD })).json()) as Tokens;
    const c = (await (await identity.post("/v1/auth/login", { email: "sessions@example.org", password: PASSWORD })).json()) as Tokens;
    const list = (await (await fetch(`${identity.url}/v1/auth/sessions`, authed(a.access_token))).json()) as { sessions: { session_id: string; current: boolean }[] };
    expect(list.sessions).toHaveLength(3);
    expect(list.sessions.filter((s) => s.current).map((s) => s.session_id)).toEqual([decodeJwt(a.access_token).sid as string]);
    expect((await fetch(`${identity.url}/v1/auth/logout`, authed(a.access_token, { method: "POST" }))).status).toBe(204);
    expect((await identity.post("/v1/auth/refresh", { refresh_token: a.refresh_token })).status).toBe(401);
    expect((await identity.post("/v1/auth/refresh", { refresh_token: b.refresh_token })).status).toBe(200);
    expect((await fetch(`${identity.url}/v1/auth/logout-all`, authed(c.access_token, { method: "POST" }))).status).toBe(204);
    expect((await identity.post("/v1/auth/refresh", { refresh_token: c.refresh_token })).status).toBe(401);
    const after = (await (await fetch(`${identity.url}/v1/auth/sessions`, authed(c.access_token))).json()) as { sessions: unknown[] };
    expect(after.sessions).toHaveLength(0);
  });

  test("DELETE /v1/auth/sessions/:id ends only the chosen session; another user's or an ended one is 404", async () => {
    const a = await signUpAndLogin("chosen@example.org");
    const b = (await (await identity.post("/v1/auth/login", { email: "chosen@example.org", password: PASSWORD })).json()) as Tokens;
    const c = (await (await identity.post("/v1/auth/login", { email: "chosen@example.org", password: PASSWORD })).json()) as Tokens;
    const stranger = await signUpAndLogin("stranger@example.org");
    const sidOf = (t: Tokens) => decodeJwt(t.access_token).sid as string;
    const del = (as: Tokens, sid: string) => fetch(`${identity.url}/v1/auth/sessions/${sid}`, authed(as.access_token, { method: "DELETE" }));
    expect((await del(stranger, sidOf(b))).status).toBe(404); // not theirs: untouched
    expect((await del(a, sidOf(b))).status).toBe(204);
    expect((await del(a, sidOf(b))).status).toBe(404); // already ended
    const list = (await (await fetch(`${identity.url}/v1/auth/sessions`, authed(a.access_token))).json()) as { sessions: { session_id: string }[] };
    expect(list.sessions.map((s) => s.session_id).sort()).toEqual([sidOf(a), sidOf(c)].sort());
    expect((await identity.post("/v1/auth/refresh", { refresh_token: b.refresh_token })).status).toBe(401);
    expect((await identity.post("/v1/auth/refresh", { refresh_token: a.refresh_token })).status).toBe(200);
    expect((await identity.post("/v1/auth/refresh", { refresh_token: c.refresh_token })).status).toBe(200);
  }, 30_000);

  test("profile: name and preferred language can be changed and are validated", async () => {
    const t = await signUpAndLogin("profile@example.org");
    const bad = await fetch(`${identity.url}/v1/auth/profile`, authed(t.access_token, { method: "PATCH", body: JSON.stringify({ preferred_language: "de" }) }));
    expect(bad.status).toBe(400);
    const ok = await fetch(`${identity.url}/v1/auth/profile`, authed(t.access_token, { method: "PATCH", body: JSON.stringify({ name: "Anna-Karin Öberg", preferred_language: "en" }) }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ name: "Anna-Karin Öberg", preferred_language: "en", roles: [] });
  });

  test("an operator grants admin; the next token carries roles", async () => {
    await signUpAndLogin("admin@example.org");
    const denied = await fetch(`${identity.url}/internal/v1/users/roles`, { method: "POST", body: JSON.stringify({ email: "admin@example.org", role: "admin" }), headers: { "Content-Type": "application/json" } });
    expect(denied.status).toBe(401);
    const granted = await fetch(`${identity.url}/internal/v1/users/roles`, {
      method: "POST", body: JSON.stringify({ email: "admin@example.org", role: "admin" }),
      headers: { "Content-Type": "application/json", "X-Internal-API-Key": "dev-internal-key" },
    });
    expect(granted.status).toBe(200);
    const tokens = (await (await identity.post("/v1/auth/login", { email: "admin@example.org", password: PASSWORD })).json()) as Tokens;
    expect(decodeJwt(tokens.access_token).roles).toEqual(["admin"]);
  });
});

describe("growing delays after failed logins", () => {
  test("after the free failures a delay applies to registered and unknown addresses alike, then lifts", async () => {
    await signUpAndLogin("locked@example.org");
    const answers: number[] = [];
    const retryAfter: (string | null)[] = [];
    for (const email of ["locked@example.org", "unknown-locked@example.org"]) {
      for (let i = 0; i < 4; i++) answers.push((await identity.post("/v1/auth/login", { email, password: "wrong password!!" })).status);
      // Locked now: even the right password (or any password for an unknown address) is delayed.
      const delayed = await identity.post("/v1/auth/login", { email, password: PASSWORD });
      answers.push(delayed.status);
      retryAfter.push(delayed.headers.get("Retry-After"));
    }
    expect(answers).toEqual([401, 401, 401, 401, 429, 401, 401, 401, 401, 429]);
    expect(retryAfter.every((r) => Number(r) >= 1 && Number(r) <= 2)).toBe(true);
    await Bun.sleep(2100);
    expect((await identity.post("/v1/auth/login", { email: "locked@example.org", password: PASSWORD })).status).toBe(200);
  });
});
