import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadBcsConfig } from "./config.ts";
import { SERVICE_NAME, startBatchConductorService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startBatchConductorService(loadBcsConfig(), logger));
