import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadFileServiceConfig } from "./config.ts";
import { SERVICE_NAME, startFileService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startFileService(loadFileServiceConfig(), logger));
