import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { defineDlqTopic } from "@shared/contracts/dlq-topics.ts";
import { EssayNlpRequestedTopic } from "@shared/contracts/events/els.ts";
import { defineTopic, makeEnvelope, registeredTopics } from "@shared/contracts/topics.ts";

// shared/contracts/dlq-topics.ts, tested here where it is first used.

describe("defineDlqTopic", () => {
  test("names the base topic's DLQ stream, with the same data schema and its own DLQ", () => {
    const dlq = defineDlqTopic(EssayNlpRequestedTopic);
    expect(dlq.name).toBe(`${EssayNlpRequestedTopic.name}.DLQ`);
    expect(dlq.name).toBe(EssayNlpRequestedTopic.dlq);
    expect(dlq.dlq).toBe(`${EssayNlpRequestedTopic.name}.DLQ.DLQ`);
    expect(dlq.schema).toBe(EssayNlpRequestedTopic.schema);
    expect(dlq.schemaVersion).toBe(EssayNlpRequestedTopic.schemaVersion);
  });

  test("the same object for the same topic, and it stays out of the topic registry", () => {
    expect(defineDlqTopic(EssayNlpRequestedTopic)).toBe(defineDlqTopic(EssayNlpRequestedTopic));
    expect(registeredTopics().some((t) => t.name === EssayNlpRequestedTopic.dlq)).toBe(false);
  });

  test("an original envelope parses against it; one that breaks the data schema does not", () => {
    const dlq = defineDlqTopic(EssayNlpRequestedTopic);
    const envelope = makeEnvelope(EssayNlpRequestedTopic, {
      data: { batch_id: "b", essay_id: "e", text_storage_id: "t", language: "en" }, source: "essay-lifecycle", correlationId: "c",
    });
    expect(v.safeParse(dlq.envelope, JSON.parse(JSON.stringify(envelope))).success).toBe(true);
    expect(v.safeParse(dlq.envelope, { ...envelope, data: { batch_id: "b" } }).success).toBe(false);
  });

  test("refuses a DLQ whose name is already declared as a topic", () => {
    const base = defineTopic(`huleedu.test.dlq-collision.${crypto.randomUUID()}.v1`, v.object({ x: v.string() }));
    defineTopic(base.dlq, v.object({ y: v.string() }));
    expect(() => defineDlqTopic(base)).toThrow(/declared as a topic/);
  });
});
