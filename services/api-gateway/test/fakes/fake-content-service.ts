import { Hono } from "hono";
import { startFakeUpstream } from "./fake-upstream.ts";

export interface StoredContent {
  text: string;
  mediaType: string | undefined;
}

/** Content service: `POST /v1/content` (201 with the storage id) and `GET /v1/content/{id}` (404 for unknown ids). */
export function startFakeContentService(internalApiKey: string) {
  const contents = new Map<string, StoredContent>();
  let failStores = false;
  const app = new Hono();
  app.post("/v1/content", async (c) => {
    if (failStores) return c.json({ error_code: "INTERNAL_ERROR", message: "disk full" }, 500);
    const id = crypto.randomUUID();
    const text = await c.req.text();
    contents.set(id, { text, mediaType: c.req.header("Content-Type") });
    return c.json({ storage_id: id, sha256: new Bun.CryptoHasher("sha256").update(text).digest("hex"), size_bytes: Buffer.byteLength(text), media_type: c.req.header("Content-Type") ?? "" }, 201);
  });
  app.get("/v1/content/:id", (c) => {
    const stored = contents.get(c.req.param("id"));
    if (stored === undefined) return c.json({ error_code: "RESOURCE_NOT_FOUND", message: "No content" }, 404);
    return c.text(stored.text);
  });
  return {
    ...startFakeUpstream(app, { internalApiKey, keyPrefix: "/v1" }),
    contents,
    /** Store directly, as services and older clients did: no owner is recorded in the gateway. */
    store(text: string): string {
      const id = crypto.randomUUID();
      contents.set(id, { text, mediaType: "text/plain" });
      return id;
    },
    setFailStores(fail: boolean) {
      failStores = fail;
    },
  };
}
