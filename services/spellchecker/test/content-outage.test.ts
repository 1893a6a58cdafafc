import { afterAll, beforeAll, expect, test } from "bun:test";
import { parseEntries } from "@shared/bus/streams.ts";
import { EssaySpellcheckRequestedTopic } from "@shared/contracts/events/els.ts";
import { freePort } from "@shared/testing/ports.ts";
import { eventually, startSpellcheckerStack, type SpellcheckerStack } from "./support/spellchecker-stack.ts";

// The spellchecker points at a port nobody listens on: the content service is down.
let stack: SpellcheckerStack;
beforeAll(async () => {
  stack = await startSpellcheckerStack({
    contentServiceUrl: `http://127.0.0.1:${await freePort()}`,
    env: { HULEEDU_BUS_MAX_DELIVERIES: "3", HULEEDU_BUS_RECLAIM_IDLE_MS: "300" },
  });
});
afterAll(async () => {
  await stack.stop();
});

const pendingCount = async () => {
  const summary = (await stack.redis.xpending(EssaySpellcheckRequestedTopic.name, "spellchecker")) as [number, ...unknown[]];
  return summary[0];
};

test("content service down: the request stays pending and is retried, then dead-lettered after the limit", async () => {
  const request = await stack.request({ batch_id: "b-down", essay_id: "down-1", text_storage_id: crypto.randomUUID(), language: "en" });

  await eventually("a failed first delivery", () =>
    stack.logger.lines.some((l) => l.msg === "handler failed; entry stays pending for retry" && l.event_id === request.event_id));
  expect(await pendingCount()).toBe(1);
  expect(await stack.redis.xlen(EssaySpellcheckRequestedTopic.dlq)).toBe(0);

  await eventually("the entry in the DLQ", async () => (await stack.redis.xlen(EssaySpellcheckRequestedTopic.dlq)) === 1);
  const [dead] = parseEntries(await stack.redis.xrange(EssaySpellcheckRequestedTopic.dlq, "-", "+"));
  expect(dead?.fields).toMatchObject({ reason: "max_deliveries_exceeded", delivery_count: "3" });
  expect(dead?.fields.error).toContain("content service could not be reached");
  expect(JSON.parse(dead?.fields.envelope ?? "{}").event_id).toBe(request.event_id);

  expect(await pendingCount()).toBe(0);
  expect(await stack.results("down-1")).toEqual([]);
  expect(await stack.redis.exists(`spellchecker:processed:${request.event_id}`)).toBe(0);
});
