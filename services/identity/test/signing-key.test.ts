import { afterAll, expect, test } from "bun:test";
import { readFileSync, statSync } from "node:fs";
import { createRemoteJWKSet, exportPKCS8, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from "jose";
import { startIdentity, type IdentityUnderTest, type Tokens } from "./identity-fixture.ts";

const PASSWORD = "correct horse battery";
const started: IdentityUnderTest[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
});

async function signedIn(identity: IdentityUnderTest, email: string): Promise<Tokens> {
  await identity.post("/v1/auth/register", { email, password: PASSWORD });
  return (await (await identity.post("/v1/auth/login", { email, password: PASSWORD })).json()) as Tokens;
}

test("the key pair is generated once, kept 0600 under the data dir, and survives a restart", async () => {
  const identity = await startIdentity();
  started.push(identity);
  const keyFile = identity.env.IDENTITY_SIGNING_KEY_PATH;
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  const before = readFileSync(keyFile, "utf8");
  const tokens = await signedIn(identity, "restart@example.org");
  await identity.restart();
  expect(readFileSync(keyFile, "utf8")).toBe(before);
  const jwks = createRemoteJWKSet(new URL(`${identity.url}/.well-known/jwks.json`));
  await jwtVerify(tokens.access_token, jwks, { issuer: "huleedu-identity", audience: "huleedu-api" });
  const me = await fetch(`${identity.url}/v1/auth/me`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  expect(me.status).toBe(200);
  const published = (await (await fetch(`${identity.url}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
  expect(published.keys).toHaveLength(1);
  expect(published.keys[0]?.d).toBeUndefined();
});

test("an expired token (signed by the real key) is 401 with reason token_expired", async () => {
  const identity = await startIdentity();
  started.push(identity);
  const tokens = await signedIn(identity, "expired@example.org");
  const jwk = JSON.parse(readFileSync(identity.env.IDENTITY_SIGNING_KEY_PATH, "utf8")) as JWK;
  const key = await importJWK(jwk, "ES256");
  const now = Math.floor(Date.now() / 1000);
  const { sub } = JSON.parse(atob(tokens.access_token.split(".")[1]!)) as { sub: string };
  const expired = await new SignJWT({}).setProtectedHeader({ alg: "ES256", kid: jwk.kid! }).setSubject(sub)
    .setIssuer("huleedu-identity").setAudience("huleedu-api").setIssuedAt(now - 1000).setExpirationTime(now - 100).sign(key);
  const res = await fetch(`${identity.url}/v1/auth/me`, { headers: { Authorization: `Bearer ${expired}` } });
  expect(res.status).toBe(401);
  expect(((await res.json()) as { details: { reason: string } }).details.reason).toBe("token_expired");
  // A token for another audience is refused as well.
  const otherAudience = await new SignJWT({}).setProtectedHeader({ alg: "ES256", kid: jwk.kid! }).setSubject(sub)
    .setIssuer("huleedu-identity").setAudience("someone-else").setIssuedAt().setExpirationTime("5m").sign(key);
  expect((await fetch(`${identity.url}/v1/auth/me`, { headers: { Authorization: `Bearer ${otherAudience}` } })).status).toBe(401);
});

test("a PEM key given in IDENTITY_JWT_PRIVATE_KEY signs the tokens", async () => {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const identity = await startIdentity({ IDENTITY_JWT_PRIVATE_KEY: await exportPKCS8(privateKey) });
  started.push(identity);
  const tokens = await signedIn(identity, "pem@example.org");
  const { payload } = await jwtVerify(tokens.access_token, publicKey, { issuer: "huleedu-identity", audience: "huleedu-api" });
  expect(typeof payload.sub).toBe("string");
});
