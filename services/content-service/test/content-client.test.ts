import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { freePort } from "@shared/testing/ports.ts";
import { startSilentServer } from "@shared/testing/silent-server.ts";
import { describeEachDialect } from "@shared/testing/dialects.ts";
import {
  ContentNotFoundError, ContentNotTextError, ContentUnavailableError, UnusableContentError, createContentClient, type ContentClient,
} from "@shared/http/content-client.ts";
import { loadContentConfig } from "../src/config.ts";
import { startContentService } from "../src/service.ts";

const KEY = "content-client-test-key";

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describeEachDialect("against the real content service", (databases) => {
  const contentLog = createMemoryLogger("content-service");
  let service: Awaited<ReturnType<typeof startContentService>>;
  let content: ContentClient;

  beforeAll(async () => {
    service = await startContentService(
      loadContentConfig({ HULEEDU_INTERNAL_API_KEY: KEY, CONTENT_SERVICE_HTTP_PORT: "0", ...(await databases.env("CONTENT_SERVICE_")) }),
      contentLog,
    );
    content = createContentClient({ baseUrl: service.url, internalApiKey: KEY, timeoutMs: 2000 });
  });
  afterAll(async () => {
    await service.stop();
  });

  const mediaTypeOf = async (storageId: string) =>
    (await fetch(`${service.url}/v1/content/${storageId}`, { headers: { "X-Internal-API-Key": KEY } })).headers.get("Content-Type");

  test("text, JSON and bytes are stored with their media types and read back", async () => {
    const textId = await content.storeText("Hej världen", "corr-text");
    const jsonId = await content.storeJson({ word_count: 2 }, "corr-json");
    const bytesId = await content.storeBytes(new Uint8Array([0, 1, 255]), "application/pdf", "corr-bytes");

    expect(await content.fetchText(textId, "corr-read")).toBe("Hej världen");
    expect(JSON.parse(await content.fetchText(jsonId, "corr-read"))).toEqual({ word_count: 2 });
    expect([...(await content.fetchBytes(bytesId, "corr-read"))]).toEqual([0, 1, 255]);
    expect([await mediaTypeOf(textId), await mediaTypeOf(jsonId), await mediaTypeOf(bytesId)])
      .toEqual(["text/plain; charset=utf-8", "application/json", "application/pdf"]);
  });

  test("every call carries the correlation id", async () => {
    const storageId = await content.storeText("spårbar", "corr-traced-1");
    expect(contentLog.lines.find((l) => l.storage_id === storageId)?.correlation_id).toBe("corr-traced-1");
  });

  test("an unknown or malformed id is ContentNotFoundError: final, RESOURCE_NOT_FOUND", async () => {
    for (const storageId of [crypto.randomUUID(), "not-a-uuid"]) {
      const err = await rejection(content.fetchText(storageId, "corr-missing"));
      expect(err).toBeInstanceOf(ContentNotFoundError);
      expect(err).toBeInstanceOf(UnusableContentError);
      expect(err).toMatchObject({ code: "RESOURCE_NOT_FOUND", message: `No content with storage id ${storageId}`, storageId });
    }
  });

  test("bytes that are not UTF-8 are ContentNotTextError, unless fatal: false replaces them", async () => {
    const storageId = await content.storeBytes(new Uint8Array([0x68, 0xff, 0x69]), "text/plain", "corr-bad");
    const err = await rejection(content.fetchText(storageId, "corr-bad"));
    expect(err).toBeInstanceOf(ContentNotTextError);
    expect(err).toBeInstanceOf(UnusableContentError);
    expect(err).toMatchObject({ code: "VALIDATION_ERROR", message: `Content ${storageId} is not valid UTF-8 text` });
    expect(await content.fetchText(storageId, "corr-bad", { fatal: false })).toBe("h\uFFFDi");
  });

  test("a refused call (wrong internal key) is ContentUnavailableError naming the status", async () => {
    const wrongKey = createContentClient({ baseUrl: service.url, internalApiKey: "wrong", timeoutMs: 2000 });
    for (const call of [wrongKey.storeText("x", "corr-key"), wrongKey.fetchText(crypto.randomUUID(), "corr-key")]) {
      const err = await rejection(call);
      expect(err).toBeInstanceOf(ContentUnavailableError);
      expect(err).not.toBeInstanceOf(UnusableContentError);
      expect(err).toMatchObject({ code: "EXTERNAL_SERVICE_ERROR", message: "The content service answered 401", details: { dependency: "content-service", status: 401 } });
    }
  });
});

describe("when the content service cannot answer", () => {
  test("nobody listening: EXTERNAL_SERVICE_ERROR, could not be reached", async () => {
    const down = createContentClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, internalApiKey: KEY, timeoutMs: 2000 });
    const err = await rejection(down.fetchBytes(crypto.randomUUID(), "corr-down"));
    expect(err).toBeInstanceOf(ContentUnavailableError);
    expect(err).toMatchObject({ code: "EXTERNAL_SERVICE_ERROR", message: "The content service could not be reached" });
  });

  test("a service that never answers: TIMEOUT after timeoutMs", async () => {
    const silent = await startSilentServer();
    try {
      const hung = createContentClient({ baseUrl: `http://127.0.0.1:${silent.port}`, internalApiKey: KEY, timeoutMs: 150 });
      const started = performance.now();
      const err = await rejection(hung.storeText("x", "corr-hung"));
      expect(performance.now() - started).toBeLessThan(2000);
      expect(err).toBeInstanceOf(ContentUnavailableError);
      expect(err).toMatchObject({ code: "TIMEOUT", message: "The content service did not answer within 150 ms" });
    } finally {
      await silent.stop();
    }
  });

  test("a store answered without a storage id: EXTERNAL_SERVICE_ERROR", async () => {
    const odd = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => Response.json({ stored: true }, { status: 201 }) });
    try {
      const client = createContentClient({ baseUrl: `http://127.0.0.1:${odd.port}`, internalApiKey: KEY, timeoutMs: 2000 });
      const err = await rejection(client.storeJson({}, "corr-odd"));
      expect(err).toBeInstanceOf(ContentUnavailableError);
      expect(err).toMatchObject({ code: "EXTERNAL_SERVICE_ERROR", message: "The content service gave no storage id" });
    } finally {
      await odd.stop(true);
    }
  });
});
