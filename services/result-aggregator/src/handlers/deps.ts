import type { Db, Tx } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import type { NotificationDraft, TeacherNotifier } from "@shared/runtime/teacher-notifier.ts";
import type { BatchViewRow } from "../db/batch-repository.ts";

/** What the event handlers need; built once in service.ts. */
export interface HandlerDeps {
  uow: UnitOfWork;
  /** For reads before a transaction (duplicate check, "is this batch known?"). */
  db: Db;
  notifier: TeacherNotifier;
  metrics: ServiceMetrics;
}

/** Everything an event needs to change a batch's view inside its transaction. */
export interface ApplyContext {
  tx: Tx;
  /** The batch's view as it stands before this event. */
  batch: BatchViewRow;
  /** When the event happened (its envelope timestamp); decides which of two updates is newer. */
  at: string;
  now: string;
  correlationId: string;
  logger: Logger;
}

/** Apply one event to the view; returns the notifications to publish after commit. */
export type ApplyEvent<T> = (data: T, ctx: ApplyContext) => NotificationDraft[];
