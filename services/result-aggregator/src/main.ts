import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadRasConfig } from "./config.ts";
import { SERVICE_NAME, startResultAggregatorService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startResultAggregatorService(loadRasConfig(), logger));
