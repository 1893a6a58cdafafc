import { createProcessedMarks } from "@shared/bus/processed-marks.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createContentClient } from "@shared/http/content-client.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import { taggerFor } from "@shared/text-analysis/part-of-speech.ts";
import { zipfLookupFor } from "@shared/text-analysis/word-frequency.ts";
import type { GrammarChecker } from "./grammar/grammar-checker.ts";
import type { NlpConfig } from "./config.ts";
import { createHarperChecker } from "./grammar/harper-checker.ts";
import { createLanguageToolChecker } from "./grammar/languagetool-checker.ts";
import { nlpRequestedHandler } from "./handlers/nlp-requested.ts";
import { registerGrammarRoutes } from "./http/grammar-routes.ts";
import { openApiDocument } from "./http/openapi.ts";

export const SERVICE_NAME = "nlp";

/**
 * Build and start the NLP service: text metrics (with grammar counts) for essays from the stream,
 * grammar checks over internal HTTP, health and metrics. Harper is set up before the first essay
 * (HARPER_SETUP=start) or on its first check (first-use: the single-process stack's default).
 */
export async function startNlpService(config: NlpConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const runtime = await startEventRuntime({ service: SERVICE_NAME, common: config.common, logger, metrics });
  const checkers = {
    languageTool: config.languageToolUrl === undefined
      ? undefined
      : createLanguageToolChecker({ baseUrl: config.languageToolUrl, timeoutMs: config.GRAMMAR_TIMEOUT_MS }),
    harper: config.HARPER === "on" ? createHarperChecker({ thread: config.HARPER_THREAD, idleMs: config.HARPER_IDLE_MS }) : undefined,
  };
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY,
    readiness: { redis: async () => (await runtime.redis.ping()) === "PONG" },
  });
  registerGrammarRoutes(app, { checkers, logger });
  const http = serveHttp(app, { port: config.HTTP_PORT, logger });
  const stop = async () => {
    await http.stop();
    await runtime.stop();
  };
  try {
    const content = createContentClient({
      baseUrl: config.contentServiceUrl, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: config.CONTENT_TIMEOUT_MS,
    });
    await warmResources(config.HARPER_SETUP === "start" ? checkers.harper : undefined, logger);
    const marks = createProcessedMarks(runtime.redis, SERVICE_NAME, config.PROCESSED_TTL_SECONDS);
    await runtime.consume([nlpRequestedHandler({ service: SERVICE_NAME, content, marks, publish: runtime.publish, metrics, checkers })]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: http.url, port: http.port, stop };
}

// Harper's first lint with misspellings takes seconds (its suggestion search warms lazily); a paragraph here
// makes the first essay as fast as the rest.
const WARM_UP_TEXT = "When the students arrived at school, they discussed a idea that their teacher had suggested. " +
  "However, not everyone agreed , and some of them thinks the plan was to complicated. In conclusion, " +
  "i beleive the class should vote on it, becuase everybody deserve a say in what happens next, Zlatanovic said.";

/** Loads the frequency list, the tagger and (when given) Harper before the first essay is read. */
async function warmResources(harper: GrammarChecker | undefined, logger: Logger): Promise<void> {
  const started = performance.now();
  await Promise.all([zipfLookupFor("en"), taggerFor("en")]);
  if (harper !== undefined) await harper.check(WARM_UP_TEXT, "en");
  logger.info("language resources ready", { ms: Math.round(performance.now() - started), harper: harper !== undefined });
}
