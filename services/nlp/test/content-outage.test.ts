import { afterAll, beforeAll, expect, test } from "bun:test";
import { parseEntries } from "@shared/bus/streams.ts";
import { EssayNlpRequestedTopic } from "@shared/contracts/events/els.ts";
import { startSilentServer } from "@shared/testing/silent-server.ts";
import { eventually, startNlpStack, type NlpStack } from "./support/nlp-stack.ts";

// The content service accepts connections and never answers: every fetch times out.
let stack: NlpStack;
let silent: Awaited<ReturnType<typeof startSilentServer>>;
beforeAll(async () => {
  silent = await startSilentServer();
  stack = await startNlpStack({
    contentServiceUrl: `http://127.0.0.1:${silent.port}`,
    env: { HULEEDU_BUS_MAX_DELIVERIES: "2", HULEEDU_BUS_RECLAIM_IDLE_MS: "300", NLP_CONTENT_TIMEOUT_MS: "200" },
  });
});
afterAll(async () => {
  await stack.stop();
  await silent.stop();
});

const pendingCount = async () => {
  const summary = (await stack.redis.xpending(EssayNlpRequestedTopic.name, "nlp")) as [number, ...unknown[]];
  return summary[0];
};

test("content service hung: each fetch times out, the request stays pending, then goes to the DLQ", async () => {
  const request = await stack.request({ batch_id: "b-hung", essay_id: "hung-1", text_storage_id: crypto.randomUUID(), language: "sv" });

  await eventually("a timed-out first delivery", () =>
    stack.logger.lines.some((l) => l.msg === "handler failed; entry stays pending for retry" && l.event_id === request.event_id));
  expect(await pendingCount()).toBe(1);

  await eventually("the entry in the DLQ", async () => (await stack.redis.xlen(EssayNlpRequestedTopic.dlq)) === 1);
  const [dead] = parseEntries(await stack.redis.xrange(EssayNlpRequestedTopic.dlq, "-", "+"));
  expect(dead?.fields).toMatchObject({ reason: "max_deliveries_exceeded", delivery_count: "2" });
  expect(dead?.fields.error).toContain("did not answer within 200 ms");
  expect(await pendingCount()).toBe(0);
  expect(await stack.results("hung-1")).toEqual([]);
});
