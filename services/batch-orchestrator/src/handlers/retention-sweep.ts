import { lt } from "drizzle-orm";
import { BatchRetentionNoticeTopic } from "@shared/contracts/events/lifecycle.ts";
import { NotificationType } from "@shared/contracts/notifications.ts";
import type { Db } from "@shared/db/database.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { NotificationDraft } from "@shared/runtime/teacher-notifier.ts";
import { retentionNotices } from "../db/erasure-schema.ts";
import { batches } from "../db/schema.ts";
import { retentionDecision, type RetentionPolicy } from "../domain/retention.ts";
import { SERVICE_NAME } from "../service-name.ts";
import { startBatchErasure, type ErasureDeps } from "./batch-erasure.ts";

export interface RetentionSweepDeps extends Pick<ErasureDeps, "uow" | "sqlite" | "participants" | "notifier"> {
  db: Db;
  logger: Logger;
  policy: RetentionPolicy;
}

const DAY_MS = 86_400_000;

/**
 * One pass of the retention policy: owners of batches inside the notice window are told once;
 * batches past their period are erased like an owner's request (a running batch waits for the next pass).
 */
export async function sweepRetention(deps: RetentionSweepDeps, now: Date = new Date()): Promise<{ noticed: number; erased: number }> {
  const periods = [deps.policy.defaultDays, ...deps.policy.byOrg.values()].filter((d) => d > 0);
  if (periods.length === 0) return { noticed: 0, erased: 0 };
  const cutoff = new Date(now.getTime() - Math.max(0, Math.min(...periods) - deps.policy.noticeDays) * DAY_MS).toISOString();
  const candidates = deps.db.select({ batchId: batches.batchId, userId: batches.userId, orgId: batches.orgId, createdAt: batches.createdAt, activeRunId: batches.activeRunId,
    courseCode: batches.courseCode, essayInstructions: batches.essayInstructions })
    .from(batches).where(lt(batches.createdAt, cutoff)).all();
  let noticed = 0;
  let erased = 0;
  const notifications: NotificationDraft[] = [];
  for (const batch of candidates) {
    const decision = retentionDecision(deps.policy, batch, now);
    const correlationId = crypto.randomUUID();
    if (decision.kind === "erase" && batch.activeRunId === null) {
      startBatchErasure(deps, { batchId: batch.batchId, userId: batch.userId, reason: "retention", correlationId });
      deps.logger.info("batch erased by the retention policy", { batch_id: batch.batchId, retention_days: decision.days, correlation_id: correlationId });
      erased++;
    } else if (decision.kind === "notice") {
      const fresh = deps.uow.run((tx, emit) => {
        const inserted = tx.insert(retentionNotices).values({ batchId: batch.batchId, userId: batch.userId, eraseAfter: decision.eraseAfter, noticedAt: now.toISOString() })
          .onConflictDoNothing().returning({ id: retentionNotices.batchId }).all();
        if (inserted.length === 0) return false;
        emit(BatchRetentionNoticeTopic, {
          data: {
            batch_id: batch.batchId, user_id: batch.userId, erase_after: decision.eraseAfter, retention_days: decision.days,
            course_code: batch.courseCode, essay_instructions: batch.essayInstructions,
          },
          source: SERVICE_NAME, correlationId,
        });
        return true;
      });
      if (fresh) {
        noticed++;
        notifications.push({ type: NotificationType.BATCH_RETENTION_NOTICE, user_id: batch.userId, batch_id: batch.batchId, correlation_id: correlationId, data: { erase_after: decision.eraseAfter, retention_days: decision.days } });
      }
    }
  }
  await deps.notifier.publish(notifications);
  return { noticed, erased };
}

/** Run the sweep every `intervalMs` (and once at start); stop() ends it. */
export function startRetentionSweeper(deps: RetentionSweepDeps, intervalMs: number): { stop(): void } {
  const run = () => sweepRetention(deps).catch((err: unknown) => deps.logger.error("retention sweep failed", { error: err }));
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  return { stop: () => clearInterval(timer) };
}
