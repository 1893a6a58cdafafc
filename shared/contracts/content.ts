// The content service's answer to a store (`POST /v1/content`): the content service serves it, the
// kit's content client and the gateway parse it.
import * as v from "valibot";

export const StoredContentResponseSchema = v.pipe(
  v.object({
    storage_id: v.pipe(v.string(), v.minLength(1)),
    sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
    size_bytes: v.pipe(v.number(), v.integer(), v.minValue(0)),
    media_type: v.string(),
  }),
  v.title("StoredContentResponse"),
);
export type StoredContentResponse = v.InferOutput<typeof StoredContentResponseSchema>;
