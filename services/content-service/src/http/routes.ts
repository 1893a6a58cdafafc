import type { StoredContentResponse } from "@shared/contracts/content.ts";
import type { Hono } from "hono";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { ContentErasureRequestSchema } from "@shared/contracts/content-erasure.ts";
import { readJson, readParams } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { ContentRepository } from "../db/repository.ts";
import { StorageIdParamsSchema } from "./schemas.ts";

export interface ContentRoutesDeps {
  repository: ContentRepository;
  /** After an erasure: on SQLite, truncate the WAL so no old page image keeps the erased bytes. */
  afterErasure: () => void;
  maxBytes: number;
  logger: Logger;
}

export function registerContentRoutes(app: Hono<AppEnv>, deps: ContentRoutesDeps): void {
  const { repository, maxBytes, logger, afterErasure } = deps;

  app.post("/v1/content", async (c) => {
    const declared = Number(c.req.header("Content-Length") ?? "0");
    if (declared > maxBytes) throw new HuleEduError("PAYLOAD_TOO_LARGE", `Content is larger than ${maxBytes} bytes`, { max_bytes: maxBytes });
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength > maxBytes) throw new HuleEduError("PAYLOAD_TOO_LARGE", `Content is larger than ${maxBytes} bytes`, { max_bytes: maxBytes });
    if (body.byteLength === 0) throw new HuleEduError("VALIDATION_ERROR", "Content must not be empty");
    const mediaType = c.req.header("Content-Type") ?? "application/octet-stream";
    const sha256 = new Bun.CryptoHasher("sha256").update(body).digest("hex");
    const storageId = crypto.randomUUID();
    await repository.insert({ storageId, sha256, sizeBytes: body.byteLength, mediaType, body });
    logger.info("content stored", { storage_id: storageId, size_bytes: body.byteLength, correlation_id: c.var.correlationId });
    const stored: StoredContentResponse = { storage_id: storageId, sha256, size_bytes: body.byteLength, media_type: mediaType };
    return c.json(stored, 201);
  });

  app.get("/v1/content/:storage_id", async (c) => {
    const { storage_id } = readParams(c, StorageIdParamsSchema);
    const found = await repository.find(storage_id);
    if (!found) throw new HuleEduError("RESOURCE_NOT_FOUND", `No content with storage id ${storage_id}`, { storage_id });
    c.header("Content-Type", found.mediaType);
    c.header("X-Content-SHA256", found.sha256);
    return c.body(found.body as Uint8Array<ArrayBuffer>);
  });

  app.post("/v1/content/erasures", async (c) => {
    const { storage_ids } = await readJson(c, ContentErasureRequestSchema);
    const erased = await repository.erase(storage_ids);
    afterErasure();
    logger.info("content erased", { requested: storage_ids.length, erased, correlation_id: c.var.correlationId });
    return c.json({ requested: storage_ids.length, erased });
  });
}
