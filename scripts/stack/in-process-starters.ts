import type { Logger } from "@shared/observability/logger.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";

type Env = Record<string, string | undefined>;
/** Start one service in this process from an env map, through its own config loader and factory. */
export type InProcessStarter = (env: Env, logger: Logger) => Promise<RunningService>;

// Each service is imported on first use, so the multi-process launcher never loads service code.

/**
 * Every service's `load<X>Config(env)` + `start<X>Service(config, logger)`, by launcher name: the
 * same factories the tests and each `main.ts` use, so a single-process stack behaves like the
 * multi-process one (still Redis Streams between services, still one SQLite file per service).
 */
export const IN_PROCESS_STARTERS: Readonly<Record<string, InProcessStarter>> = {
  "content-service": async (env, logger) => {
    const [{ loadContentConfig }, { startContentService }] = await Promise.all([import("../../services/content-service/src/config.ts"), import("../../services/content-service/src/service.ts")]);
    return startContentService(loadContentConfig(env), logger);
  },
  identity: async (env, logger) => {
    const [{ loadIdentityConfig }, { startIdentityService }] = await Promise.all([import("../../services/identity/src/config.ts"), import("../../services/identity/src/service.ts")]);
    return startIdentityService(loadIdentityConfig(env), logger);
  },
  "batch-conductor": async (env, logger) => {
    const [{ loadBcsConfig }, { startBatchConductorService }] = await Promise.all([import("../../services/batch-conductor/src/config.ts"), import("../../services/batch-conductor/src/service.ts")]);
    return startBatchConductorService(loadBcsConfig(env), logger);
  },
  entitlements: async (env, logger) => {
    const [{ loadEntitlementsConfig }, { startEntitlementsService }] = await Promise.all([import("../../services/entitlements/src/config.ts"), import("../../services/entitlements/src/service.ts")]);
    return startEntitlementsService(loadEntitlementsConfig(env), logger);
  },
  "batch-orchestrator": async (env, logger) => {
    const [{ loadBosConfig }, { startBatchOrchestratorService }] = await Promise.all([import("../../services/batch-orchestrator/src/config.ts"), import("../../services/batch-orchestrator/src/service.ts")]);
    return startBatchOrchestratorService(loadBosConfig(env), logger);
  },
  "els-api": async (env, logger) => {
    const [{ loadEssayLifecycleConfig }, { startEssayLifecycleApi }] = await Promise.all([import("../../services/essay-lifecycle/src/config.ts"), import("../../services/essay-lifecycle/src/service.ts")]);
    return startEssayLifecycleApi(loadEssayLifecycleConfig(env), logger);
  },
  "els-worker": async (env, logger) => {
    const [{ loadEssayLifecycleConfig }, { startEssayLifecycleWorker }] = await Promise.all([import("../../services/essay-lifecycle/src/config.ts"), import("../../services/essay-lifecycle/src/service.ts")]);
    return startEssayLifecycleWorker(loadEssayLifecycleConfig(env), logger);
  },
  "file-service": async (env, logger) => {
    const [{ loadFileServiceConfig }, { startFileService }] = await Promise.all([import("../../services/file-service/src/config.ts"), import("../../services/file-service/src/service.ts")]);
    return startFileService(loadFileServiceConfig(env), logger);
  },
  spellchecker: async (env, logger) => {
    const [{ loadSpellcheckerConfig }, { startSpellcheckerService }] = await Promise.all([import("../../services/spellchecker/src/config.ts"), import("../../services/spellchecker/src/service.ts")]);
    return startSpellcheckerService(loadSpellcheckerConfig(env), logger);
  },
  nlp: async (env, logger) => {
    const [{ loadNlpConfig }, { startNlpService }] = await Promise.all([import("../../services/nlp/src/config.ts"), import("../../services/nlp/src/service.ts")]);
    return startNlpService(loadNlpConfig(env), logger);
  },
  "result-aggregator": async (env, logger) => {
    const [{ loadRasConfig }, { startResultAggregatorService }] = await Promise.all([import("../../services/result-aggregator/src/config.ts"), import("../../services/result-aggregator/src/service.ts")]);
    return startResultAggregatorService(loadRasConfig(env), logger);
  },
  "llm-provider": async (env, logger) => {
    const [{ loadLpsConfig }, { startLlmProviderService }] = await Promise.all([import("../../services/llm-provider/src/config.ts"), import("../../services/llm-provider/src/service.ts")]);
    return startLlmProviderService(loadLpsConfig(env), logger);
  },
  "cj-assessment": async (env, logger) => {
    const [{ loadCjConfig }, { startCjAssessmentService }] = await Promise.all([import("../../services/cj-assessment/src/config.ts"), import("../../services/cj-assessment/src/service.ts")]);
    return startCjAssessmentService(loadCjConfig(env), logger);
  },
  "ai-feedback": async (env, logger) => {
    const [{ loadAiFeedbackConfig }, { startAiFeedbackService }] = await Promise.all([import("../../services/ai-feedback/src/config.ts"), import("../../services/ai-feedback/src/service.ts")]);
    return startAiFeedbackService(loadAiFeedbackConfig(env), logger);
  },
  email: async (env, logger) => {
    const [{ loadEmailConfig }, { startEmailService }] = await Promise.all([import("../../services/email/src/config.ts"), import("../../services/email/src/service.ts")]);
    return startEmailService(loadEmailConfig(env), logger);
  },
  "class-management": async (env, logger) => {
    const [{ loadClassManagementConfig }, { startClassManagementService }] = await Promise.all([import("../../services/class-management/src/config.ts"), import("../../services/class-management/src/service.ts")]);
    return startClassManagementService(loadClassManagementConfig(env), logger);
  },
  "api-gateway": async (env, logger) => {
    const [{ loadGatewayConfig }, { startGatewayService }] = await Promise.all([import("../../services/api-gateway/src/config.ts"), import("../../services/api-gateway/src/service.ts")]);
    return startGatewayService(loadGatewayConfig(env), logger);
  },
};
