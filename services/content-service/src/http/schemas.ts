import * as v from "valibot";

export const StoredContentResponseSchema = v.pipe(
  v.object({
    storage_id: v.string(),
    sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
    size_bytes: v.number(),
    media_type: v.string(),
  }),
  v.title("StoredContentResponse"),
);

export const StorageIdParamsSchema = v.object({
  storage_id: v.pipe(v.string(), v.regex(/^[0-9a-f-]{36}$/, "storage_id must be a UUID")),
});
