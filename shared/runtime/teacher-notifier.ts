import * as v from "valibot";
import { publishToChannel, type Redis } from "../bus/redis.ts";
import { notificationChannel, TeacherNotificationSchema, type TeacherNotification } from "../contracts/notifications.ts";
import type { Logger } from "../observability/logger.ts";
import type { ServiceMetrics } from "../observability/metrics.ts";

/** A notification before it gets its id and timestamp. */
export interface NotificationDraft {
  type: TeacherNotification["type"];
  user_id: string;
  batch_id: string;
  correlation_id: string;
  data: Record<string, unknown>;
}

export interface TeacherNotifier {
  /** Publish after commit; best effort: failures are logged and counted, never thrown. */
  publish(drafts: readonly NotificationDraft[]): Promise<void>;
}

/**
 * Live notifications on Redis pub/sub `ws:{user_id}`. Pub/sub has no replay: a crash between commit
 * and publish loses the notification, so callers publish only for changes they just committed (a
 * duplicate event commits nothing and publishes nothing).
 * @example await notifier.publish([{ type: "results_ready", user_id, batch_id, correlation_id, data: {} }])
 */
export function createTeacherNotifier(options: { redis: Redis; logger: Logger; metrics: ServiceMetrics }): TeacherNotifier {
  const { redis, logger } = options;
  const published = options.metrics.counter("teacher_notifications_total", "Teacher notifications by type and outcome", ["type", "outcome"]);
  return {
    async publish(drafts) {
      for (const draft of drafts) {
        const notification: TeacherNotification = v.parse(TeacherNotificationSchema, {
          notification_id: crypto.randomUUID(), timestamp: new Date().toISOString(), ...draft,
        });
        try {
          await publishToChannel(redis, notificationChannel(draft.user_id), JSON.stringify(notification));
          published.inc({ type: draft.type, outcome: "published" });
        } catch (err) {
          published.inc({ type: draft.type, outcome: "failed" });
          logger.warn("teacher notification not published", { type: draft.type, batch_id: draft.batch_id, correlation_id: draft.correlation_id, error: err });
        }
      }
    },
  };
}
