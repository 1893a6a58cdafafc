import { HuleEduError } from "@shared/contracts/errors.ts";
import { ContentType, storageIdOf, type StorageReferenceMetadata } from "@shared/contracts/storage.ts";
import type { ContentClient } from "../clients/content-client.ts";

/**
 * A prompt reference must name `student_prompt_text` content that exists in the content service:
 * 400 when it names none, 404 (details.reason = "prompt_content_not_found") when it is missing.
 */
export async function requirePromptContent(content: ContentClient, ref: StorageReferenceMetadata, field: string, correlationId: string): Promise<void> {
  const storageId = storageIdOf(ref, ContentType.STUDENT_PROMPT_TEXT);
  const path = `${field}.references.${ContentType.STUDENT_PROMPT_TEXT}`;
  if (!storageId) {
    throw new HuleEduError("VALIDATION_ERROR", `Invalid request body: ${path}: a prompt reference must name student_prompt_text content`, {
      fields: { [path]: "a prompt reference must name student_prompt_text content" },
    });
  }
  if (!(await content.exists(storageId, correlationId))) {
    throw new HuleEduError("RESOURCE_NOT_FOUND", `Prompt content ${storageId} does not exist in the content service`, {
      reason: "prompt_content_not_found", storage_id: storageId, field: path,
    });
  }
}
