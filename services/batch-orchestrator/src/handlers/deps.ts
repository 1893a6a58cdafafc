import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import type { TeacherNotifier } from "@shared/runtime/teacher-notifier.ts";
import type { BcsClient } from "../clients/bcs-client.ts";
import type { EntitlementsClient } from "../clients/entitlements-client.ts";

/** What the event handlers need; built once in service.ts. */
export interface HandlerDeps {
  uow: UnitOfWork;
  /** For reads before a transaction (and the early duplicate check). */
  db: Db;
  notifier: TeacherNotifier;
  bcs: BcsClient;
  metrics: ServiceMetrics;
  /** Asked for credits before a pipeline that spends LLM calls; null when BOS_ENTITLEMENTS_ENABLED is off. */
  entitlements: EntitlementsClient | null;
  /** For the CJ comparison estimate when a batch names no budget. */
  cjComparisonsPerItem: number;
}
