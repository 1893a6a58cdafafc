import * as v from "valibot";

/** Kinds of live notification a teacher's socket receives. */
export const NotificationType = {
  BATCH_STATUS_CHANGED: "batch_status_changed",
  PHASE_STARTED: "phase_started",
  PHASE_COMPLETED: "phase_completed",
  PIPELINE_DENIED: "pipeline_denied",
  PIPELINE_COMPLETED: "pipeline_completed",
  RESULTS_READY: "results_ready",
  BATCH_ERASURE_PROGRESS: "batch_erasure_progress",
  BATCH_ERASED: "batch_erased",
  BATCH_ESSAYS_CHANGED: "batch_essays_changed",
  BATCH_RETENTION_NOTICE: "batch_retention_notice",
  STUDENT_MATCHING_CONFIRMATION_REQUIRED: "student_matching_confirmation_required",
} as const;

/** Published on Redis pub/sub `ws:{user_id}`; the gateway forwards it as is. */
export const TeacherNotificationSchema = v.object({
  notification_id: v.string(),
  type: v.picklist(Object.values(NotificationType)),
  user_id: v.string(),
  batch_id: v.string(),
  timestamp: v.string(),
  correlation_id: v.optional(v.string()),
  data: v.record(v.string(), v.unknown()),
});
export type TeacherNotification = v.InferOutput<typeof TeacherNotificationSchema>;

export const notificationChannel = (userId: string) => `ws:${userId}`;
