import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadCjConfig } from "./config.ts";
import { SERVICE_NAME, startCjAssessmentService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startCjAssessmentService(loadCjConfig(), logger));
