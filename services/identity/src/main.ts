import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadIdentityConfig } from "./config.ts";
import { SERVICE_NAME, startIdentityService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startIdentityService(loadIdentityConfig(), logger));
