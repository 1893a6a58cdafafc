import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadEmailConfig } from "./config.ts";
import { SERVICE_NAME, startEmailService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startEmailService(loadEmailConfig(), logger));
