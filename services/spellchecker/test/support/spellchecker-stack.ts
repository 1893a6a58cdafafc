import { EssaySpellcheckRequestedTopic } from "@shared/contracts/events/els.ts";
import { EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { freePort } from "@shared/testing/ports.ts";
import { startPhaseServiceStack, type PhaseServiceStack } from "@shared/testing/phase-service-stack.ts";
import { loadContentConfig } from "../../../content-service/src/config.ts";
import { startContentService } from "../../../content-service/src/service.ts";
import { loadSpellcheckerConfig } from "../../src/config.ts";
import { startSpellcheckerService } from "../../src/service.ts";

export { eventually } from "@shared/testing/eventually.ts";
export const KEY = "spellchecker-test-key";
export type SpellcheckResult = TopicData<typeof EssaySpellcheckCompletedTopic>;
export type SpellcheckerStack = PhaseServiceStack<SpellcheckResult> & { spellchecker: RunningService & { url: string } };

/**
 * A throwaway Redis, the real content service and the spellchecker, in-process.
 * `contentServiceUrl` overrides where the spellchecker looks for content (outage tests);
 * `classManagementUrl` is where it asks for roster names (default: a port nobody listens on).
 */
export async function startSpellcheckerStack(
  options: { env?: Record<string, string>; contentServiceUrl?: string; classManagementUrl?: string } = {},
): Promise<SpellcheckerStack> {
  const classManagementUrl = options.classManagementUrl ?? `http://127.0.0.1:${await freePort()}`;
  const stack = await startPhaseServiceStack({
    service: "spellchecker", internalApiKey: KEY, requestTopic: EssaySpellcheckRequestedTopic, resultTopic: EssaySpellcheckCompletedTopic,
    contentServiceUrl: options.contentServiceUrl,
    startContent: (env, logger) => startContentService(loadContentConfig(env), logger),
    start: (env, logger) => startSpellcheckerService(loadSpellcheckerConfig({
      ...env, SPELLCHECKER_HTTP_PORT: "0", SPELLCHECKER_CONTENT_TIMEOUT_MS: "1000", CLASS_MANAGEMENT_URL: classManagementUrl, ...options.env,
    }), logger),
  });
  return { ...stack, spellchecker: stack.service };
}
