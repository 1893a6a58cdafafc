import { createLocalJWKSet, errors, jwtVerify, SignJWT } from "jose";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { SIGNING_ALG, type SigningKey } from "./signing-key.ts";

export interface AccessTokenSubject {
  userId: string;
  orgId: string | null;
  /** The session (refresh-token family) the token was issued for; `sid` claim. */
  sessionId?: string;
  /** Operator-granted roles (e.g. admin); `roles` claim, absent when none. */
  roles?: string[];
}

export interface AccessTokens {
  issue(subject: AccessTokenSubject): Promise<{ token: string; expiresIn: number }>;
  /** The subject of a valid token; AUTHENTICATION_ERROR (401) otherwise. */
  verify(token: string): Promise<AccessTokenSubject>;
  jwks(): { keys: object[] };
}

/** Short-lived ES256 JWTs: `sub` = user id, `org_id` when the user has one, `iss`/`aud` pinned. */
export function createAccessTokens(options: { key: SigningKey; issuer: string; audience: string; ttlSeconds: number }): AccessTokens {
  const { key, issuer, audience, ttlSeconds } = options;
  const jwks = { keys: [key.publicJwk] };
  const localSet = createLocalJWKSet(jwks);
  return {
    async issue(subject) {
      const claims = {
        ...(subject.orgId ? { org_id: subject.orgId } : {}),
        ...(subject.sessionId ? { sid: subject.sessionId } : {}),
        ...(subject.roles && subject.roles.length > 0 ? { roles: subject.roles } : {}),
      };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: "JWT" })
        .setSubject(subject.userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setJti(crypto.randomUUID())
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key.privateKey);
      return { token, expiresIn: ttlSeconds };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, localSet, { issuer, audience, algorithms: [SIGNING_ALG] });
        if (!payload.sub) throw new HuleEduError("AUTHENTICATION_ERROR", "Access token has no subject");
        const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === "string") : [];
        return {
          userId: payload.sub, orgId: typeof payload.org_id === "string" ? payload.org_id : null, roles,
          ...(typeof payload.sid === "string" ? { sessionId: payload.sid } : {}),
        };
      } catch (err) {
        if (err instanceof HuleEduError) throw err;
        if (err instanceof errors.JWTExpired) throw new HuleEduError("AUTHENTICATION_ERROR", "Access token has expired", { reason: "token_expired" });
        throw new HuleEduError("AUTHENTICATION_ERROR", "Access token is invalid", { reason: "token_invalid" });
      }
    },
    jwks: () => jwks,
  };
}
