import { createMemoryLogger } from "@shared/observability/logger.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { loadGatewayConfig } from "../src/config.ts";
import { startGatewayService } from "../src/service.ts";
import { startFakeBos } from "./fakes/fake-bos.ts";
import { startFakeCj } from "./fakes/fake-cj.ts";
import { startFakeContentService } from "./fakes/fake-content-service.ts";
import { startFakeEntitlements } from "./fakes/fake-entitlements.ts";
import { startFakeFileService } from "./fakes/fake-file-service.ts";
import { startFakeIdentity } from "./fakes/fake-identity.ts";
import { startFakeRas } from "./fakes/fake-ras.ts";

export const INTERNAL_KEY = "gateway-test-internal-key";

export interface GatewayFixtureOptions {
  env?: Record<string, string>;
  redis?: TestRedis;
}

/**
 * A gateway on port 0 with its own Redis, in front of local fakes of identity (JWKS), BOS, file
 * service, content service, RAS, CJ assessment and entitlements. Only URLs tie the gateway to them.
 */
export async function startGatewayFixture(options: GatewayFixtureOptions = {}) {
  const redis = options.redis ?? (await startRedis());
  const identity = await startFakeIdentity();
  const bos = startFakeBos(INTERNAL_KEY);
  const fileService = startFakeFileService(INTERNAL_KEY);
  const contentService = startFakeContentService(INTERNAL_KEY);
  const ras = startFakeRas(INTERNAL_KEY);
  const cj = startFakeCj(INTERNAL_KEY);
  const entitlements = startFakeEntitlements(INTERNAL_KEY);
  const env: Record<string, string> = {
    REDIS_URL: redis.url,
    HULEEDU_INTERNAL_API_KEY: INTERNAL_KEY,
    HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500", HULEEDU_OUTBOX_POLL_MS: "100",
    API_GATEWAY_HTTP_PORT: "0",
    API_GATEWAY_UPSTREAM_TIMEOUT_MS: "1000",
    IDENTITY_URL: identity.url, BOS_URL: bos.url, FILE_SERVICE_URL: fileService.url,
    CONTENT_SERVICE_URL: contentService.url, RAS_URL: ras.url, CJ_URL: cj.url, ENTITLEMENTS_URL: entitlements.url,
    ...options.env,
  };
  const logger = createMemoryLogger("api-gateway");
  const gateway = await startGatewayService(loadGatewayConfig(env), logger);
  const fixture = {
    url: gateway.url, redis, identity, bos, fileService, contentService, ras, cj, entitlements, logger,
    /** A fetch against the gateway with the given bearer token (none when undefined). */
    async call(method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}) {
      const init: RequestInit = { method, headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) } };
      if (body instanceof FormData) init.body = body;
      else if (body !== undefined) {
        init.body = typeof body === "string" ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)["Content-Type"] ??= "application/json";
      }
      return fetch(`${gateway.url}${path}`, init);
    },
    /** Upload a prompt through the gateway as the token's user; returns the reference. */
    async uploadPrompt(token: string, text: string): Promise<{ references: { student_prompt_text: { storage_id: string } } }> {
      const res = await fixture.call("POST", "/v1/prompts", token, { text });
      if (res.status !== 201) throw new Error(`prompt upload failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as { references: { student_prompt_text: { storage_id: string } } };
    },
    /** Register a batch through the gateway as the token's user; returns its id. */
    async registerBatch(token: string, extra: Record<string, unknown> = {}): Promise<string> {
      const res = await fixture.call("POST", "/v1/batches/register", token, { expected_essay_count: 2, course_code: "ENG5", essay_instructions: "Describe a place.", ...extra });
      if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { batch_id: string }).batch_id;
    },
    async stop() {
      await gateway.stop();
      await Promise.all([identity.stop(), bos.stop(), fileService.stop(), contentService.stop(), ras.stop(), cj.stop(), entitlements.stop()]);
      if (!options.redis) await redis.stop();
    },
  };
  return fixture;
}
export type GatewayFixture = Awaited<ReturnType<typeof startGatewayFixture>>;

export interface ErrorBody {
  error_code: string;
  message: string;
  details?: Record<string, unknown> & { fields?: Record<string, string>; reason?: string };
  correlation_id?: string;
}
