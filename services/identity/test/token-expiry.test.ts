import { afterAll, afterEach, beforeAll, expect, setSystemTime, test } from "bun:test";
import { EmailRequestedTopic } from "@shared/contracts/events/email.ts";
import { startIdentity, type IdentityUnderTest } from "./identity-fixture.ts";

// The service runs in this process, so moving the system clock moves the clock its token checks read.
let identity: IdentityUnderTest;
const PASSWORD = "correct horse battery";
const HOUR = 3600_000;

beforeAll(async () => {
  identity = await startIdentity({ IDENTITY_VERIFICATION_TTL_HOURS: "2", IDENTITY_RESET_TTL_MINUTES: "10" });
});
afterEach(() => {
  setSystemTime(); // back to the real clock
});
afterAll(async () => {
  await identity.stop();
});

async function mailedToken(to: string, template: string): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const entries = await identity.redis.client().xrange(EmailRequestedTopic.name, "-", "+");
    const mail = entries.map(([, f]) => (JSON.parse(f[1] as string) as { data: { to: string; template: string; variables: Record<string, string> } }).data)
      .filter((m) => m.to === to && m.template === template).at(-1);
    if (mail?.variables.token) return mail.variables.token;
    if (Date.now() > deadline) throw new Error(`no ${template} mail to ${to}`);
    await Bun.sleep(50);
  }
}
async function expectTokenInvalid(res: Response): Promise<void> {
  expect(res.status).toBe(400);
  expect(((await res.json()) as { details: { reason: string } }).details.reason).toBe("token_invalid");
}

test("a verification token works just inside IDENTITY_VERIFICATION_TTL_HOURS and is token_invalid just after it", async () => {
  const start = Date.now();
  for (const email of ["inside@example.org", "late@example.org"]) expect((await identity.post("/v1/auth/register", { email, password: PASSWORD })).status).toBe(201);
  const inside = await mailedToken("inside@example.org", "verification");
  const late = await mailedToken("late@example.org", "verification");
  setSystemTime(new Date(start + 2 * HOUR - 60_000));
  expect((await identity.post("/v1/auth/email/verify", { token: inside })).status).toBe(200);
  setSystemTime(new Date(start + 2 * HOUR + 60_000));
  await expectTokenInvalid(await identity.post("/v1/auth/email/verify", { token: late }));
}, 30_000);

test("a reset token is token_invalid after IDENTITY_RESET_TTL_MINUTES, and the old password still works", async () => {
  const email = "reset-late@example.org";
  expect((await identity.post("/v1/auth/register", { email, password: PASSWORD })).status).toBe(201);
  const start = Date.now();
  expect((await identity.post("/v1/auth/password/forgot", { email })).status).toBe(202);
  const token = await mailedToken(email, "password_reset");
  setSystemTime(new Date(start + 11 * 60_000));
  await expectTokenInvalid(await identity.post("/v1/auth/password/reset", { token, password: "a brand new password" }));
  setSystemTime();
  expect((await identity.post("/v1/auth/login", { email, password: PASSWORD })).status).toBe(200);
  // A fresh token inside the window still resets (the expiry, not the route, refused the first).
  expect((await identity.post("/v1/auth/password/forgot", { email })).status).toBe(202);
  const fresh = await mailedToken(email, "password_reset");
  expect(fresh).not.toBe(token);
  setSystemTime(new Date(Date.now() + 9 * 60_000));
  expect((await identity.post("/v1/auth/password/reset", { token: fresh, password: "a brand new password" })).status).toBe(200);
}, 30_000);
