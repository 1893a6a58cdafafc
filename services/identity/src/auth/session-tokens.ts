import type { Db } from "@shared/db/database.ts";
import { rolesOf, touchSession } from "../db/account-repository.ts";
import type { UserRecord } from "../db/repository.ts";
import type { AccessTokens } from "./access-tokens.ts";
import type { RefreshTokens } from "./refresh-tokens.ts";

export interface ClientInfo {
  userAgent: string | null;
  clientIp: string | null;
}

/** Issue an access + refresh pair for one session (a new one at login, the same one on refresh). */
export function createSessionTokens(deps: { db: Db; accessTokens: AccessTokens; refreshTokens: RefreshTokens }) {
  const { db, accessTokens, refreshTokens } = deps;
  return async function tokensFor(user: UserRecord, client: ClientInfo, familyId: string = crypto.randomUUID()) {
    const refresh = refreshTokens.issue(user.id, familyId);
    touchSession(db, { familyId, userId: user.id, ...client }, Date.now());
    const access = await accessTokens.issue({ userId: user.id, orgId: user.orgId, sessionId: familyId, roles: rolesOf(db, user.id) });
    return {
      access_token: access.token, token_type: "Bearer" as const, expires_in: access.expiresIn,
      refresh_token: refresh.token, refresh_expires_in: refresh.expiresIn,
    };
  };
}
export type SessionTokens = ReturnType<typeof createSessionTokens>;
