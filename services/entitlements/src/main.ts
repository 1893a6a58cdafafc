import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadEntitlementsConfig } from "./config.ts";
import { SERVICE_NAME, startEntitlementsService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startEntitlementsService(loadEntitlementsConfig(), logger));
