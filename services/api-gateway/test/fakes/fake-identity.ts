import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";

export const ISSUER = "huleedu-identity";
export const AUDIENCE = "huleedu-api";

export interface TokenClaims {
  sub: string;
  org_id?: string;
  expiresIn?: string | number;
  issuer?: string;
  audience?: string;
}

/** Identity's JWKS endpoint with a key pair the test signs its own tokens with. */
export async function startFakeIdentity() {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "ES256", use: "sig" };
  let jwksRequests = 0;
  const server = Bun.serve({
    port: 0, hostname: "127.0.0.1",
    fetch(req) {
      if (new URL(req.url).pathname !== "/.well-known/jwks.json") return new Response("not found", { status: 404 });
      jwksRequests++;
      return Response.json({ keys: [jwk] });
    },
  });
  async function sign(key: CryptoKey, claims: TokenClaims): Promise<string> {
    const { sub, org_id, expiresIn = "15m", issuer = ISSUER, audience = AUDIENCE } = claims;
    return new SignJWT(org_id ? { org_id } : {})
      .setProtectedHeader({ alg: "ES256", kid: "test-key" })
      .setSubject(sub).setIssuer(issuer).setAudience(audience).setIssuedAt()
      .setExpirationTime(typeof expiresIn === "number" ? expiresIn : expiresIn)
      .sign(key);
  }
  return {
    url: `http://127.0.0.1:${server.port}`,
    publicJwk: jwk,
    jwksRequests: () => jwksRequests,
    token: (claims: TokenClaims) => sign(privateKey, claims),
    /** A well-formed token signed by a key identity never published. */
    async foreignToken(claims: TokenClaims) {
      const other = await generateKeyPair("ES256");
      return sign(other.privateKey, claims);
    },
    stop: () => server.stop(true),
  };
}
export type FakeIdentity = Awaited<ReturnType<typeof startFakeIdentity>>;
