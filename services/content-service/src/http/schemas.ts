import * as v from "valibot";

export const StorageIdParamsSchema = v.object({
  storage_id: v.pipe(v.string(), v.regex(/^[0-9a-f-]{36}$/, "storage_id must be a UUID")),
});
