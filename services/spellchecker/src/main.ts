import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadSpellcheckerConfig } from "./config.ts";
import { SERVICE_NAME, startSpellcheckerService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startSpellcheckerService(loadSpellcheckerConfig(), logger));
