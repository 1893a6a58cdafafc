import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadAiFeedbackConfig } from "./config.ts";
import { SERVICE_NAME, startAiFeedbackService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startAiFeedbackService(loadAiFeedbackConfig(), logger));
