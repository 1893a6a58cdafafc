import type { DbOrTx } from "@shared/db/database.ts";
import { spendOneTimeToken, storeOneTimeToken } from "../db/account-repository.ts";
import type { OneTimePurpose } from "../db/schema.ts";

const sha256 = (token: string) => new Bun.CryptoHasher("sha256").update(token).digest("hex");

/** A new 256-bit single-use token for `purpose`; only its hash is stored. */
export function issueMailedToken(tx: DbOrTx, userId: string, purpose: OneTimePurpose, ttlMs: number): string {
  const token = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
  const now = Date.now();
  storeOneTimeToken(tx, { tokenHash: sha256(token), userId, purpose, expiresAt: now + ttlMs }, now);
  return token;
}

/** Spend a mailed token once: its user id, or undefined when unknown, used, superseded or expired. */
export function spendMailedToken(tx: DbOrTx, token: string, purpose: OneTimePurpose): string | undefined {
  return spendOneTimeToken(tx, sha256(token), purpose, Date.now());
}
