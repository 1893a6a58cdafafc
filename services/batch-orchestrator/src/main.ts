import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadBosConfig } from "./config.ts";
import { SERVICE_NAME, startBatchOrchestratorService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startBatchOrchestratorService(loadBosConfig(), logger));
