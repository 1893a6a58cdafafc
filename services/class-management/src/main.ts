import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadClassManagementConfig } from "./config.ts";
import { SERVICE_NAME, startClassManagementService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startClassManagementService(loadClassManagementConfig(), logger));
