import * as v from "valibot";
import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import { ContentErasureRequestSchema, ContentErasureResponseSchema } from "@shared/contracts/content-erasure.ts";
import { StoredContentResponseSchema } from "@shared/contracts/content.ts";

export function openApiDocument() {
  return buildOpenApiDocument({
    title: "HuleEdu Content Service",
    version: "1.0.0",
    description: "Immutable content blobs addressed by storage id.",
    components: { StoredContentResponse: StoredContentResponseSchema },
    routes: [
      {
        method: "post", path: "/v1/content", operationId: "storeContent", summary: "Store bytes; the Content-Type is kept",
        security: "internal", body: { contentType: "application/octet-stream", schema: v.string() },
        responses: { 201: { description: "Stored", schema: StoredContentResponseSchema }, 413: { description: "Too large" } },
      },
      {
        method: "get", path: "/v1/content/{storage_id}", operationId: "getContent", summary: "Fetch stored bytes",
        security: "internal", params: { storage_id: "Storage id returned by POST /v1/content" },
        responses: { 200: { description: "The bytes with their media type", contentType: "application/octet-stream" } },
      },
      {
        method: "post", path: "/v1/content/erasures", operationId: "eraseContents", summary: "Erase blobs for good (batch erasure); unknown ids are skipped",
        security: "internal", body: { schema: ContentErasureRequestSchema },
        responses: { 200: { description: "How many were asked for and erased", schema: ContentErasureResponseSchema } },
      },
    ],
  });
}
