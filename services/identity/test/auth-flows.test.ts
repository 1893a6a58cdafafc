import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { startIdentity, type IdentityUnderTest, type Tokens } from "./identity-fixture.ts";

let identity: IdentityUnderTest;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  identity = await startIdentity();
});
afterAll(async () => {
  await identity.stop();
});

async function register(email: string, extra: Record<string, unknown> = {}) {
  return identity.post("/v1/auth/register", { email, password: PASSWORD, ...extra });
}
async function login(email: string, password = PASSWORD, ip?: string) {
  return identity.post("/v1/auth/login", { email, password }, ip);
}

describe("register", () => {
  test("creates a user with an argon2id hash and never returns the password", async () => {
    const res = await register("Teacher.One@Example.org", { org_id: "org-1" });
    expect(res.status).toBe(201);
    const user = (await res.json()) as Record<string, unknown>;
    expect(user.email).toBe("teacher.one@example.org");
    expect(user.org_id).toBe("org-1");
    expect(typeof user.user_id).toBe("string");
    expect(JSON.stringify(user)).not.toContain(PASSWORD);
    const db = new Database(identity.env.IDENTITY_DB_PATH, { readonly: true });
    const row = db.query("SELECT password_hash FROM users WHERE id = ?").get(user.user_id as string) as { password_hash: string };
    db.close();
    expect(row.password_hash.startsWith("$argon2id$")).toBe(true);
  });

  test("a duplicate e-mail (any case) gets the same 201 as a new one; nothing tells the caller it is taken", async () => {
    const first = await register("dup@example.org");
    expect(first.status).toBe(201);
    const again = await register("  DUP@example.org ");
    expect(again.status).toBe(201);
    const [a, b] = [(await first.json()) as Record<string, unknown>, (await again.json()) as Record<string, unknown>];
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    expect(b.user_id).not.toBe(a.user_id);
    expect(b.email).toBe("dup@example.org");
  });

  test("bad e-mail, short password and unknown fields are 400 with field-level details", async () => {
    const res = await identity.post("/v1/auth/register", { email: "not-an-email", password: "short", role: "admin" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error_code: string; details: { fields: Record<string, string> } };
    expect(body.error_code).toBe("VALIDATION_ERROR");
    expect(body.details.fields.email).toContain("valid e-mail");
    expect(body.details.fields.password).toContain("at least 10");
    expect(Object.keys(body.details.fields)).toContain("role");
  });
});

describe("login and tokens", () => {
  test("login returns an ES256 access token (15 min) that the published JWKS verifies", async () => {
    await register("jwks@example.org", { org_id: "org-42" });
    const res = await login("jwks@example.org");
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as Tokens;
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.expires_in).toBe(900);
    const jwks = createRemoteJWKSet(new URL(`${identity.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, { issuer: "huleedu-identity", audience: "huleedu-api" });
    expect(protectedHeader.alg).toBe("ES256");
    expect(payload.org_id).toBe("org-42");
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);
    const me = (await (await fetch(`${identity.url}/v1/auth/me`, { headers: { Authorization: `Bearer ${tokens.access_token}` } })).json()) as { user_id: string; email: string };
    expect(payload.sub).toBe(me.user_id);
    expect(me.email).toBe("jwks@example.org");
  });

  test("a user without an organisation gets no org_id claim", async () => {
    await register("solo@example.org");
    const tokens = (await (await login("solo@example.org")).json()) as Tokens;
    expect("org_id" in decodeJwt(tokens.access_token)).toBe(false);
  });

  test("wrong password and unknown user get the identical answer", async () => {
    await register("known@example.org");
    const wrong = await login("known@example.org", "wrong password!!");
    const unknown = await login("nobody@example.org", "wrong password!!");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, correlation_id: undefined });
    const [a, b] = [(await wrong.json()) as Record<string, unknown>, (await unknown.json()) as Record<string, unknown>];
    expect(strip(a)).toEqual(strip(b));
    expect(a.error_code).toBe("AUTHENTICATION_ERROR");
    expect(a.message).toBe("Invalid e-mail or password");
  });

  test("/me needs a valid bearer token", async () => {
    const none = await fetch(`${identity.url}/v1/auth/me`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error_code: string }).error_code).toBe("AUTHENTICATION_ERROR");
    const garbage = await fetch(`${identity.url}/v1/auth/me`, { headers: { Authorization: "Bearer abc.def.ghi" } });
    expect(garbage.status).toBe(401);
  });

  test("refresh rotates: the new pair works, the spent token is refused, and replaying it revokes the family", async () => {
    await register("rotate@example.org");
    const first = (await (await login("rotate@example.org")).json()) as Tokens;
    const second = await identity.post("/v1/auth/refresh", { refresh_token: first.refresh_token });
    expect(second.status).toBe(200);
    const rotated = (await second.json()) as Tokens;
    expect(rotated.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(rotated.access_token).sub).toBe(decodeJwt(first.access_token).sub);

    const replay = await identity.post("/v1/auth/refresh", { refresh_token: first.refresh_token });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error_code: string }).error_code).toBe("AUTHENTICATION_ERROR");
    // The replay revoked the family, so the token issued by the rotation is dead too.
    const afterTheft = await identity.post("/v1/auth/refresh", { refresh_token: rotated.refresh_token });
    expect(afterTheft.status).toBe(401);
    expect(identity.logger.lines.some((l) => l.msg === "refresh token reused; family revoked")).toBe(true);
  });

  test("two concurrent refreshes with one token: exactly one succeeds", async () => {
    await register("race@example.org");
    const tokens = (await (await login("race@example.org")).json()) as Tokens;
    const answers = await Promise.all([1, 2, 3].map(() => identity.post("/v1/auth/refresh", { refresh_token: tokens.refresh_token })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401, 401]);
  });

  test("an unknown refresh token is 401", async () => {
    expect((await identity.post("/v1/auth/refresh", { refresh_token: "made-up" })).status).toBe(401);
  });
});
