import * as v from "valibot";

/** Internal body of `POST /v1/content/erasures` (content service): blobs to erase for good. */
export const ContentErasureRequestSchema = v.object({
  storage_ids: v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(200))), v.maxLength(10_000)),
});
export type ContentErasureRequest = v.InferOutput<typeof ContentErasureRequestSchema>;

export const ContentErasureResponseSchema = v.object({ requested: v.number(), erased: v.number() });
