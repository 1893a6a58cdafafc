import { EssayNlpRequestedTopic } from "@shared/contracts/events/els.ts";
import { EssayNlpCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { startPhaseServiceStack, type PhaseServiceStack } from "@shared/testing/phase-service-stack.ts";
import { loadContentConfig } from "../../../content-service/src/config.ts";
import { startContentService } from "../../../content-service/src/service.ts";
import { loadNlpConfig } from "../../src/config.ts";
import { startNlpService } from "../../src/service.ts";

export { eventually } from "@shared/testing/eventually.ts";
export const KEY = "nlp-test-key";
export type NlpResult = TopicData<typeof EssayNlpCompletedTopic>;
export type NlpStack = PhaseServiceStack<NlpResult> & { nlp: RunningService & { url: string } };

/**
 * A throwaway Redis, the real content service and the NLP service, in-process.
 * `contentServiceUrl` overrides where the NLP service looks for content (outage tests).
 */
export async function startNlpStack(options: { env?: Record<string, string>; contentServiceUrl?: string } = {}): Promise<NlpStack> {
  const stack = await startPhaseServiceStack({
    service: "nlp", internalApiKey: KEY, requestTopic: EssayNlpRequestedTopic, resultTopic: EssayNlpCompletedTopic,
    contentServiceUrl: options.contentServiceUrl,
    startContent: (env, logger) => startContentService(loadContentConfig(env), logger),
    start: (env, logger) => startNlpService(loadNlpConfig({ ...env, NLP_HTTP_PORT: "0", NLP_CONTENT_TIMEOUT_MS: "1000", ...options.env }), logger),
  });
  return { ...stack, nlp: stack.service };
}
