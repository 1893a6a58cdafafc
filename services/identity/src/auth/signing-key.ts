import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, importPKCS8, type CryptoKey, type JWK } from "jose";

export const SIGNING_ALG = "ES256";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** The public half as served at /.well-known/jwks.json. */
  publicJwk: JWK;
}

async function fromPrivateJwk(privateJwk: JWK): Promise<SigningKey> {
  const { d: _d, key_ops: _ops, ext: _ext, ...publicPart } = privateJwk;
  const kid = privateJwk.kid ?? (await calculateJwkThumbprint(publicPart));
  const privateKey = (await importJWK({ ...privateJwk, kid }, SIGNING_ALG)) as CryptoKey;
  return { kid, privateKey, publicJwk: { ...publicPart, kid, alg: SIGNING_ALG, use: "sig" } };
}

/**
 * The ES256 key that signs access tokens: from a PEM given in config, else from the key file,
 * else generated on first start and written there (0600) so tokens survive restarts.
 */
export async function loadSigningKey(options: { pem?: string; path: string }): Promise<SigningKey> {
  if (options.pem) {
    const imported = await importPKCS8(options.pem.replaceAll("\\n", "\n"), SIGNING_ALG, { extractable: true });
    return fromPrivateJwk(await exportJWK(imported));
  }
  if (existsSync(options.path)) {
    return fromPrivateJwk(JSON.parse(readFileSync(options.path, "utf8")) as JWK);
  }
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const { d: _d, ...publicPart } = jwk;
  const withKid = { ...jwk, kid: await calculateJwkThumbprint(publicPart) };
  mkdirSync(dirname(options.path), { recursive: true });
  writeFileSync(options.path, JSON.stringify(withKid), { mode: 0o600 });
  chmodSync(options.path, 0o600);
  return fromPrivateJwk(withKid);
}
