import { afterAll, beforeAll, expect, test } from "bun:test";
import * as v from "valibot";
import { notificationChannel, TeacherNotificationSchema, type TeacherNotification } from "../contracts/notifications.ts";
import { createMemoryLogger } from "../observability/logger.ts";
import { createMetrics, type ServiceMetrics } from "../observability/metrics.ts";
import { startRedis, type TestRedis } from "../testing/redis.ts";
import { createTeacherNotifier, type NotificationDraft } from "./teacher-notifier.ts";

let server: TestRedis;
beforeAll(async () => { server = await startRedis(); });
afterAll(() => server.stop());

const draft = (userId: string, batchId: string): NotificationDraft =>
  ({ type: "batch_status_changed", user_id: userId, batch_id: batchId, correlation_id: `corr-${batchId}`, data: { status: "READY" } });

async function counted(metrics: ServiceMetrics, outcome: string): Promise<number> {
  const { values } = await metrics.counter("teacher_notifications_total", "", ["type", "outcome"]).get();
  return values.find((m) => m.labels.outcome === outcome)?.value ?? 0;
}

test("each draft is published as a TeacherNotification on its teacher's channel", async () => {
  const subscriber = server.client();
  const received: { channel: string; notification: TeacherNotification }[] = [];
  subscriber.on("message", (channel: string, message: string) =>
    received.push({ channel, notification: v.parse(TeacherNotificationSchema, JSON.parse(message)) }));
  await subscriber.subscribe(notificationChannel("alice"), notificationChannel("bob"));
  const metrics = createMetrics("notifier-test");
  const notifier = createTeacherNotifier({ redis: server.client(), logger: createMemoryLogger("notifier-test"), metrics });

  await notifier.publish([draft("alice", "b-1"), draft("bob", "b-2")]);
  for (let i = 0; i < 40 && received.length < 2; i++) await Bun.sleep(25);

  expect(received.map((r) => [r.channel, r.notification.batch_id])).toEqual([["ws:alice", "b-1"], ["ws:bob", "b-2"]]);
  expect(received[0]?.notification).toMatchObject({ ...draft("alice", "b-1"), notification_id: expect.any(String), timestamp: expect.any(String) });
  expect(received[0]?.notification.notification_id).not.toBe(received[1]?.notification.notification_id);
  expect(await counted(metrics, "published")).toBe(2);
});

test("a publish that fails is logged and counted, never thrown", async () => {
  const closed = server.client();
  closed.disconnect();
  const logger = createMemoryLogger("notifier-test");
  const metrics = createMetrics("notifier-test");
  const notifier = createTeacherNotifier({ redis: closed, logger, metrics });

  await notifier.publish([draft("carol", "b-3"), draft("carol", "b-4")]);

  expect(logger.lines.filter((l) => l.msg === "teacher notification not published").map((l) => l.batch_id)).toEqual(["b-3", "b-4"]);
  expect(await counted(metrics, "failed")).toBe(2);
  expect(await counted(metrics, "published")).toBe(0);
});
