import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { ContentClient } from "@shared/http/content-client.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";

/** What the event handlers need; built once in service.ts. */
export interface HandlerDeps {
  uow: UnitOfWork;
  /** For reads before a transaction (duplicate checks, the request a result answers). */
  db: Db;
  content: ContentClient;
  metrics: ServiceMetrics;
  llmPriority: number;
  /** 0 = LLM requests never expire. */
  llmRequestTtlMs: number;
  previewChars: number;
}
