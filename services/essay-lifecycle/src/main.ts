// Process entry: `bun src/main.ts api|worker` (or ELS_ROLE=api|worker). Both roles share one SQLite file.
import { createLogger } from "@shared/observability/logger.ts";
import { runService } from "@shared/runtime/run-service.ts";
import { EssayLifecycleRole, loadEssayLifecycleConfig, resolveRole } from "./config.ts";
import { SERVICE_NAME, startEssayLifecycleApi, startEssayLifecycleWorker } from "./service.ts";

const logger = createLogger(SERVICE_NAME);
await runService(logger, async () => {
  const config = loadEssayLifecycleConfig();
  const role = resolveRole(process.argv.slice(2), config);
  return role === EssayLifecycleRole.API ? startEssayLifecycleApi(config, logger) : startEssayLifecycleWorker(config, logger);
});
