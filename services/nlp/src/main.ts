import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadNlpConfig } from "./config.ts";
import { SERVICE_NAME, startNlpService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startNlpService(loadNlpConfig(), logger));
