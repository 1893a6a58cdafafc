import * as v from "valibot";

export const ContentType = {
  ORIGINAL_ESSAY: "original_essay",
  EXTRACTED_PLAINTEXT: "extracted_plaintext",
  CORRECTED_TEXT: "corrected_text",
  STUDENT_PROMPT_TEXT: "student_prompt_text",
  NLP_METRICS: "nlp_metrics",
  CJ_RESULTS: "cj_results",
  AI_FEEDBACK: "ai_feedback",
} as const;
export const ContentTypeSchema = v.picklist(Object.values(ContentType));
export type ContentType = v.InferOutput<typeof ContentTypeSchema>;

export const StorageReferenceSchema = v.object({
  storage_id: v.pipe(v.string(), v.minLength(1, "storage_id must not be empty")),
  path: v.optional(v.string()),
});

/** Where pieces of content live in the content service, keyed by what they are. */
export const StorageReferenceMetadataSchema = v.pipe(
  v.object({
    references: v.pipe(
      v.record(ContentTypeSchema, StorageReferenceSchema),
      v.check((refs) => Object.keys(refs).length > 0, "references must name at least one content"),
    ),
  }),
  v.title("StorageReferenceMetadata"),
);
export type StorageReferenceMetadata = v.InferOutput<typeof StorageReferenceMetadataSchema>;

/** The storage id of one content type, if the metadata has it. */
export function storageIdOf(meta: StorageReferenceMetadata | null | undefined, type: ContentType): string | undefined {
  return meta?.references[type]?.storage_id;
}
