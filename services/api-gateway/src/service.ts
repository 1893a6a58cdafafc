import { createServiceApp } from "@shared/http/app.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import { createAccessTokenVerifier } from "./auth/access-token-verifier.ts";
import { createBosClient } from "./clients/bos-client.ts";
import { createClassManagementClient } from "./clients/class-management-client.ts";
import { createCjClient } from "./clients/cj-client.ts";
import { createContentClient } from "./clients/content-client.ts";
import { createEntitlementsClient } from "./clients/entitlements-client.ts";
import { createFileServiceClient } from "./clients/file-service-client.ts";
import { createRasClient } from "./clients/ras-client.ts";
import { createUpstream } from "./clients/upstream.ts";
import type { GatewayConfig } from "./config.ts";
import { registerAnchorRoutes } from "./http/anchor-routes.ts";
import { registerAuthRoutes } from "./http/auth-routes.ts";
import { authenticate } from "./http/authenticate.ts";
import { registerBatchFileReplaceRoutes } from "./http/batch-file-replace-routes.ts";
import { registerBatchLifecycleRoutes } from "./http/batch-lifecycle-routes.ts";
import { registerBatchRoutes } from "./http/batch-routes.ts";
import { registerBatchRunControlRoutes } from "./http/batch-run-control-routes.ts";
import { registerClassRoutes } from "./http/class-routes.ts";
import { registerCreditAdminRoutes } from "./http/credit-admin-routes.ts";
import { registerCreditRoutes } from "./http/credit-routes.ts";
import { maxUploadBodyBytes, registerFileRoutes } from "./http/file-routes.ts";
import type { GatewayEnv } from "./http/gateway-env.ts";
import { openApiDocument } from "./http/openapi.ts";
import { registerPipelineRoutes } from "./http/pipeline-routes.ts";
import { registerPromptRoutes } from "./http/prompt-routes.ts";
import { corsForConfiguredOrigins } from "./http/cors.ts";
import { registerEssayRoutes } from "./http/essay-routes.ts";
import { registerEstimateRoutes } from "./http/estimate-routes.ts";
import { registerWebRoutes } from "./http/web-routes.ts";
import { wwwAuthenticate } from "./http/www-authenticate.ts";
import { buildWebAtStartup } from "./web/web-build.ts";
import { userRateLimit } from "./http/rate-limit.ts";
import { retryAfter } from "./http/retry-after.ts";
import { notificationSocketHandlers, registerSocketRoute } from "./http/socket-route.ts";
import { createNotificationHub } from "./notifications/notification-hub.ts";
import { createPromptOwners } from "./prompts/prompt-owners.ts";

export const SERVICE_NAME = "api-gateway";

/** Build and start the API gateway from its config (port 0 in tests). */
export async function startGatewayService(config: GatewayConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const runtime = await startEventRuntime({ service: SERVICE_NAME, common: config.common, logger, metrics });
  const hub = createNotificationHub({ redisUrl: config.common.REDIS_URL, logger });
  const upstream = (name: string, baseUrl: string) =>
    createUpstream({ name, baseUrl, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: config.UPSTREAM_TIMEOUT_MS, logger });
  const bos = createBosClient(upstream("batch-orchestrator", config.upstreams.BOS_URL));
  const content = createContentClient(upstream("content-service", config.upstreams.CONTENT_SERVICE_URL));
  const files = createFileServiceClient(upstream("file-service", config.upstreams.FILE_SERVICE_URL), config.UPLOAD_TIMEOUT_MS);
  const ras = createRasClient(upstream("result-aggregator", config.upstreams.RAS_URL));
  const cj = createCjClient(upstream("cj-assessment", config.upstreams.CJ_URL));
  const entitlements = createEntitlementsClient(upstream("entitlements", config.upstreams.ENTITLEMENTS_URL));
  const owners = createPromptOwners({ redis: runtime.redis, logger });
  const verify = createAccessTokenVerifier({
    issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, publicKey: config.JWT_PUBLIC_KEY,
    jwksUrl: `${config.upstreams.IDENTITY_URL}/.well-known/jwks.json`, jwksTimeoutMs: config.JWKS_TIMEOUT_MS,
  });

  const app = createServiceApp<{ user: GatewayEnv["Variables"]["user"] }>({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument,
    readiness: { redis: async () => (await runtime.redis.ping()) === "PONG" },
  });
  app.use(corsForConfiguredOrigins(config.CORS_ORIGINS));
  app.use(wwwAuthenticate());
  app.use(retryAfter());
  registerAuthRoutes(app, {
    identity: upstream("identity", config.upstreams.IDENTITY_URL), trustForwardedFor: config.TRUST_FORWARDED_FOR,
    corsOrigins: config.CORS_ORIGINS, logger,
  });
  app.use("/v1/*", authenticate({ verify }));
  app.use("/v1/*", userRateLimit({ redis: runtime.redis, limit: config.RATE_LIMIT_PER_MINUTE, windowSeconds: 60, logger }));
  registerClassRoutes(app, { classes: createClassManagementClient(upstream("class-management", config.upstreams.CLASS_MANAGEMENT_URL)), checkRegistrationClass: config.CLASSES_ENABLED });
  registerBatchRoutes(app, { bos, content, owners, logger });
  registerBatchLifecycleRoutes(app, {
    bos, ras, logger, bosUpstream: upstream("batch-orchestrator", config.upstreams.BOS_URL), contentUpstream: upstream("content-service", config.upstreams.CONTENT_SERVICE_URL),
  });
  registerBatchRunControlRoutes(app, { bos, bosUpstream: upstream("batch-orchestrator", config.upstreams.BOS_URL), logger });
  registerPromptRoutes(app, { content, owners, logger });
  registerFileRoutes(app, { bos, files, maxFiles: config.MAX_UPLOAD_FILES, maxFileBytes: config.MAX_FILE_BYTES, logger });
  registerBatchFileReplaceRoutes(app, { bos, fileServiceUpstream: upstream("file-service", config.upstreams.FILE_SERVICE_URL), maxFileBytes: config.MAX_FILE_BYTES, uploadTimeoutMs: config.UPLOAD_TIMEOUT_MS, logger });
  registerPipelineRoutes(app, { bos, ras, content, owners, publish: runtime.publish, logger });
  registerAnchorRoutes(app, { cj, logger });
  registerCreditRoutes(app, { entitlements });
  registerCreditAdminRoutes(app, { entitlements: upstream("entitlements", config.upstreams.ENTITLEMENTS_URL) });
  registerSocketRoute(app, { hub, logger });
  registerEssayRoutes(app, { ras, content });
  registerEstimateRoutes(app, { bos, entitlements, comparisonsPerItem: config.CJ_COMPARISONS_PER_ITEM });
  const web = await buildWebAtStartup(config.WEB_SOURCE_DIR, logger);
  registerWebRoutes(app, { webDir: web?.outDir });

  const http = serveHttp(app, {
    port: config.HTTP_PORT, logger,
    // Above the upload route's own limit, so declared oversize bodies get its JSON 413 first.
    maxRequestBodySize: maxUploadBodyBytes(config.MAX_UPLOAD_FILES, config.MAX_FILE_BYTES) + 1024 * 1024,
    websocket: notificationSocketHandlers({ logger, metrics }),
  });
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.stop();
      await hub.stop();
      await runtime.stop();
      web?.remove();
    },
  };
}
