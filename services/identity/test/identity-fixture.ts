import { join } from "node:path";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { startRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadIdentityConfig } from "../src/config.ts";
import { startIdentityService } from "../src/service.ts";

export type IdentityUnderTest = Awaited<ReturnType<typeof startIdentity>>;

/** An identity service on port 0 with its own temp SQLite file and key file. */
export async function startIdentity(overrides: Record<string, string> = {}) {
  const dir = tempDir("huleedu-identity-");
  const redis = await startRedis();
  const env = {
    REDIS_URL: redis.url, HULEEDU_OUTBOX_POLL_MS: "100",
    IDENTITY_HTTP_PORT: "0",
    IDENTITY_DB_PATH: join(dir.path, "identity.sqlite"),
    IDENTITY_SIGNING_KEY_PATH: join(dir.path, "keys", "jwt-signing-key.json"),
    IDENTITY_TRUST_FORWARDED_FOR: "true",
    ...overrides,
  };
  const logger = createMemoryLogger("identity");
  let service = await startIdentityService(loadIdentityConfig(env), logger);
  let ipCounter = 1;
  return {
    env, dir, logger, redis,
    get url() {
      return service.url;
    },
    /** A distinct client address per call unless one is given (X-Forwarded-For is trusted here). */
    async post(path: string, body: unknown, ip = `10.0.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`) {
      return fetch(`${service.url}${path}`, {
        method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", "X-Forwarded-For": ip },
      });
    },
    async restart() {
      await service.stop();
      service = await startIdentityService(loadIdentityConfig(env), logger);
    },
    async stop() {
      await service.stop();
      await redis.stop();
      dir.remove();
    },
  };
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
  refresh_expires_in: number;
}
