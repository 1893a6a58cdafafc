import { HuleEduError } from "@shared/contracts/errors.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { IdentityRepository } from "../db/repository.ts";

function sha256(token: string): string {
  return new Bun.CryptoHasher("sha256").update(token).digest("hex");
}

export interface RefreshTokens {
  /** A new opaque token; a new family unless it continues one (rotation). */
  issue(userId: string, familyId?: string): { token: string; expiresIn: number };
  /** Use a token once: returns its user and family, or AUTHENTICATION_ERROR. */
  consume(token: string): { userId: string; familyId: string };
}

/** Opaque 256-bit refresh tokens, stored as SHA-256 only, single use, rotated on every refresh. */
export function createRefreshTokens(options: { repository: IdentityRepository; ttlSeconds: number; logger: Logger }): RefreshTokens {
  const { repository, ttlSeconds, logger } = options;
  return {
    issue(userId, familyId = crypto.randomUUID()) {
      const token = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
      const now = Date.now();
      repository.insertRefreshToken({ tokenHash: sha256(token), userId, familyId, createdAt: now, expiresAt: now + ttlSeconds * 1000 });
      return { token, expiresIn: ttlSeconds };
    },
    consume(token) {
      const result = repository.consumeRefreshToken(sha256(token), Date.now());
      if (result.outcome === "rotated") return { userId: result.userId, familyId: result.familyId };
      if (result.outcome === "reused") {
        logger.warn("refresh token reused; family revoked", { user_id: result.userId, family_id: result.familyId });
      }
      throw new HuleEduError("AUTHENTICATION_ERROR", "Refresh token is invalid, expired or already used", { reason: "refresh_token_invalid" });
    },
  };
}
