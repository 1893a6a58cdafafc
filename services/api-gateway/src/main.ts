import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { loadGatewayConfig } from "./config.ts";
import { SERVICE_NAME, startGatewayService } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => startGatewayService(loadGatewayConfig(), logger));
