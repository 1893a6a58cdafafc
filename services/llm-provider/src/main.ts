import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadLpsConfig, SERVICE_NAME } from "./config.ts";
import { startLlmProviderService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startLlmProviderService(loadLpsConfig(), logger));
