import { Hono } from "hono";
import { startFakeUpstream } from "./fake-upstream.ts";

/** Content service reads: `GET /v1/content/{id}` for the stored ids, 404 otherwise. */
export function startFakeContentService(internalApiKey: string) {
  const contents = new Map<string, string>();
  const app = new Hono();
  app.get("/v1/content/:id", (c) => {
    const text = contents.get(c.req.param("id"));
    if (text === undefined) return c.json({ error_code: "RESOURCE_NOT_FOUND", message: "No content" }, 404);
    return c.text(text);
  });
  return {
    ...startFakeUpstream(app, { internalApiKey, keyPrefix: "/v1" }),
    store(text: string): string {
      const id = crypto.randomUUID();
      contents.set(id, text);
      return id;
    },
  };
}
