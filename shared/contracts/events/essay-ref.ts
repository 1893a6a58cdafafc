import * as v from "valibot";

/** An essay and the storage id of its current text (changes after spellcheck). */
export const EssayTextRefSchema = v.object({
  essay_id: v.string(),
  text_storage_id: v.string(),
});
export type EssayTextRef = v.InferOutput<typeof EssayTextRefSchema>;

export const ResultStatusSchema = v.picklist(["success", "failed"]);
