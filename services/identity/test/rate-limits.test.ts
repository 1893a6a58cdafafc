import { afterAll, beforeAll, expect, test } from "bun:test";
import { startIdentity, type IdentityUnderTest } from "./identity-fixture.ts";

let identity: IdentityUnderTest;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  identity = await startIdentity({ IDENTITY_REGISTER_RATE_LIMIT: "3" });
  for (const email of ["limited@example.org", "other@example.org", "cleared@example.org"]) {
    expect((await identity.post("/v1/auth/register", { email, password: PASSWORD })).status).toBe(201);
  }
});
afterAll(async () => {
  await identity.stop();
});

const login = (email: string, password: string, ip: string) => identity.post("/v1/auth/login", { email, password }, ip);

test("the 6th login attempt for one e-mail from one IP within a minute is 429 with Retry-After, even with the right password", async () => {
  for (let i = 0; i < 5; i++) expect((await login("limited@example.org", "wrong password!!", "192.0.2.1")).status).toBe(401);
  const limited = await login("limited@example.org", PASSWORD, "192.0.2.1");
  expect(limited.status).toBe(429);
  const retryAfter = Number(limited.headers.get("Retry-After"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const body = (await limited.json()) as { error_code: string; message: string };
  expect(body.error_code).toBe("RATE_LIMIT");
  expect(body.message).toContain("login");
  // The limit is per e-mail + IP: the same account from elsewhere, and other accounts, still work.
  expect((await login("limited@example.org", PASSWORD, "192.0.2.2")).status).toBe(200);
  expect((await login("other@example.org", PASSWORD, "192.0.2.1")).status).toBe(200);
});

test("unknown e-mails are limited the same way (no difference to probe)", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) statuses.push((await login("ghost@example.org", "wrong password!!", "192.0.2.9")).status);
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
});

test("a successful login resets the counter", async () => {
  for (let i = 0; i < 4; i++) expect((await login("cleared@example.org", "wrong password!!", "192.0.2.3")).status).toBe(401);
  expect((await login("cleared@example.org", PASSWORD, "192.0.2.3")).status).toBe(200);
  for (let i = 0; i < 5; i++) expect((await login("cleared@example.org", "wrong password!!", "192.0.2.3")).status).toBe(401);
  expect((await login("cleared@example.org", PASSWORD, "192.0.2.3")).status).toBe(429);
});

test("registrations are limited per IP", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) {
    statuses.push((await identity.post("/v1/auth/register", { email: `bulk${i}@example.org`, password: PASSWORD }, "198.51.100.7")).status);
  }
  expect(statuses).toEqual([201, 201, 201, 429]);
});

test("verification and reset mails are limited per e-mail + IP (IDENTITY_MAIL_RATE_LIMIT, default 5): the 6th is 429, another IP is not", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await identity.post("/v1/auth/password/forgot", { email: "other@example.org" }, "203.0.113.5")).status);
  for (let i = 0; i < 3; i++) statuses.push((await identity.post("/v1/auth/email/verify/resend", { email: "other@example.org" }, "203.0.113.5")).status);
  expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  const limited = await identity.post("/v1/auth/password/forgot", { email: "other@example.org" }, "203.0.113.5");
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
  expect(((await limited.json()) as { error_code: string }).error_code).toBe("RATE_LIMIT");
  // An unknown address counts the same (no difference to probe); another IP has its own budget.
  const unknown: number[] = [];
  for (let i = 0; i < 6; i++) unknown.push((await identity.post("/v1/auth/password/forgot", { email: "nobody@example.org" }, "203.0.113.6")).status);
  expect(unknown).toEqual([202, 202, 202, 202, 202, 429]);
  expect((await identity.post("/v1/auth/password/forgot", { email: "other@example.org" }, "203.0.113.7")).status).toBe(202);
});
