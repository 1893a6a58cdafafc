import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadContentConfig } from "./config.ts";
import { SERVICE_NAME, startContentService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startContentService(loadContentConfig(), logger));
