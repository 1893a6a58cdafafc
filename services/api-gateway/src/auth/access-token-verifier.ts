import { createRemoteJWKSet, errors, importJWK, importSPKI, jwtVerify, type CryptoKey, type JWK, type JWTVerifyGetKey } from "jose";
import { HuleEduError } from "@shared/contracts/errors.ts";

const ALGORITHMS = ["ES256", "EdDSA"];

/** Who is calling, from a verified access token. */
export interface AuthenticatedUser {
  userId: string;
  orgId: string | null;
  /** Token expiry, epoch seconds (a WebSocket is closed then). */
  expiresAt: number;
  /** Operator-granted roles from the `roles` claim (e.g. admin); empty when none. */
  roles?: string[];
}

export type AccessTokenVerifier = (token: string) => Promise<AuthenticatedUser>;

export interface VerifierOptions {
  issuer: string;
  audience: string;
  /** Public key as ES256 SPKI PEM or JWK JSON (ES256/EdDSA); when absent the identity JWKS is used. */
  publicKey?: string;
  jwksUrl: string;
  jwksTimeoutMs: number;
}

async function importPublicKey(text: string): Promise<CryptoKey> {
  const trimmed = text.trim().replaceAll("\\n", "\n");
  if (trimmed.startsWith("{")) {
    const jwk = JSON.parse(trimmed) as JWK;
    return (await importJWK(jwk, jwk.alg ?? (jwk.crv === "Ed25519" ? "EdDSA" : "ES256"))) as CryptoKey;
  }
  return importSPKI(trimmed, "ES256");
}

// Failures of the key source (identity down, bad JWKS) are not the caller's fault: 502, not 401.
function isKeySourceFailure(err: unknown): boolean {
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return true;
  return !(err instanceof errors.JOSEError);
}

/**
 * Verify identity's access tokens: signature (JWKS or configured key), `iss`, `aud`, `exp`, `sub`.
 * @example const verify = createAccessTokenVerifier({ issuer, audience, jwksUrl, jwksTimeoutMs: 3000 })
 */
export function createAccessTokenVerifier(options: VerifierOptions): AccessTokenVerifier {
  const { issuer, audience } = options;
  const keySource: Promise<CryptoKey> | JWTVerifyGetKey = options.publicKey
    ? importPublicKey(options.publicKey)
    : createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: options.jwksTimeoutMs, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  return async function verifyAccessToken(token) {
    try {
      const verified = typeof keySource === "function"
        ? await jwtVerify(token, keySource, { issuer, audience, algorithms: ALGORITHMS })
        : await jwtVerify(token, await keySource, { issuer, audience, algorithms: ALGORITHMS });
      const { sub, org_id: orgId, exp } = verified.payload;
      if (!sub) throw new HuleEduError("AUTHENTICATION_ERROR", "Access token has no subject", { reason: "token_invalid" });
      if (typeof exp !== "number") throw new HuleEduError("AUTHENTICATION_ERROR", "Access token has no expiry", { reason: "token_invalid" });
      const roles = Array.isArray(verified.payload.roles) ? verified.payload.roles.filter((r): r is string => typeof r === "string") : [];
      return { userId: sub, orgId: typeof orgId === "string" ? orgId : null, expiresAt: exp, roles };
    } catch (err) {
      if (err instanceof HuleEduError) throw err;
      if (err instanceof errors.JWTExpired) throw new HuleEduError("AUTHENTICATION_ERROR", "Access token has expired", { reason: "token_expired" });
      if (isKeySourceFailure(err)) throw new HuleEduError("EXTERNAL_SERVICE_ERROR", "Cannot verify access tokens right now; try again shortly", { upstream: "identity" });
      throw new HuleEduError("AUTHENTICATION_ERROR", "Access token is invalid", { reason: "token_invalid" });
    }
  };
}
