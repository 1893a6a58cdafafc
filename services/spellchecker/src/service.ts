import { createProcessedMarks } from "@shared/bus/processed-marks.ts";
import type { Language } from "@shared/contracts/enums.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createContentClient } from "@shared/http/content-client.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import { createRosterClient } from "./clients/roster-client.ts";
import type { SpellcheckerConfig } from "./config.ts";
import { loadSpeller } from "./domain/dictionaries.ts";
import { spellcheckRequestedHandler } from "./handlers/spellcheck-requested.ts";

export const SERVICE_NAME = "spellchecker";

/**
 * Build and start the spellchecker: health and metrics over HTTP, essays from the stream. The
 * dictionaries of `WARM_LANGUAGES` (default: every language) are loaded before the first essay is
 * read, so no essay of theirs pays for a cold dictionary; any other language loads on its first essay.
 */
export async function startSpellcheckerService(config: SpellcheckerConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const runtime = await startEventRuntime({ service: SERVICE_NAME, common: config.common, logger, metrics });
  let dictionariesLoaded = false;
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics,
    readiness: { redis: async () => (await runtime.redis.ping()) === "PONG", dictionaries: () => dictionariesLoaded },
  });
  const http = serveHttp(app, { port: config.HTTP_PORT, logger });
  const stop = async () => {
    await http.stop();
    await runtime.stop();
  };
  try {
    await warmDictionaries(config.WARM_LANGUAGES, logger);
    dictionariesLoaded = true;
    const content = createContentClient({
      baseUrl: config.contentServiceUrl, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: config.CONTENT_TIMEOUT_MS,
    });
    const lookups = metrics.counter("spellcheck_roster_lookups_total", "Class-roster name lookups by outcome", ["outcome"]);
    const roster = createRosterClient({
      baseUrl: config.classManagementUrl, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: config.ROSTER_TIMEOUT_MS,
      cacheSize: config.ROSTER_CACHE_SIZE, cacheTtlMs: config.ROSTER_CACHE_TTL_MS, logger, onLookup: (outcome) => lookups.inc({ outcome }),
    });
    const marks = createProcessedMarks(runtime.redis, SERVICE_NAME, config.PROCESSED_TTL_SECONDS);
    await runtime.consume([spellcheckRequestedHandler({ service: SERVICE_NAME, content, roster, marks, publish: runtime.publish, metrics })]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: http.url, port: http.port, stop };
}

async function warmDictionaries(languages: readonly Language[], logger: Logger): Promise<void> {
  for (const language of languages) {
    const started = performance.now();
    await loadSpeller(language);
    logger.info("dictionary loaded", { language, ms: Math.round(performance.now() - started) });
  }
}
