import { HuleEduError } from "@shared/contracts/errors.ts";
import { ContentType, storageIdOf, type StorageReferenceMetadata } from "@shared/contracts/storage.ts";
import type { ContentClient } from "../clients/content-client.ts";
import { assertPromptUsable, promptNotFound } from "../domain/prompt-access.ts";
import type { PromptOwners } from "../prompts/prompt-owners.ts";

/**
 * Every storage id in the reference is either unowned or the caller's own upload; another user's
 * prompt is 404 prompt_content_not_found (all content types are checked, not only the prompt's).
 */
export async function requireOwnPromptReferences(owners: PromptOwners, ref: StorageReferenceMetadata, field: string, userId: string): Promise<void> {
  const entries = Object.entries(ref.references);
  const recorded = await owners.ownersOf(entries.map(([, r]) => r.storage_id));
  entries.forEach(([type, r], i) => assertPromptUsable(recorded[i], userId, r.storage_id, `${field}.references.${type}`));
}

/**
 * A prompt reference must name `student_prompt_text` content that the caller may use and that
 * exists in the content service: 400 when it names none, 404 (details.reason =
 * "prompt_content_not_found") when it is missing or another user's.
 */
export async function requirePromptContent(
  deps: { content: ContentClient; owners: PromptOwners },
  ref: StorageReferenceMetadata, field: string, userId: string, correlationId: string,
): Promise<void> {
  const storageId = storageIdOf(ref, ContentType.STUDENT_PROMPT_TEXT);
  const path = `${field}.references.${ContentType.STUDENT_PROMPT_TEXT}`;
  if (!storageId) {
    throw new HuleEduError("VALIDATION_ERROR", `Invalid request body: ${path}: a prompt reference must name student_prompt_text content`, {
      fields: { [path]: "a prompt reference must name student_prompt_text content" },
    });
  }
  await requireOwnPromptReferences(deps.owners, ref, field, userId);
  if (!(await deps.content.exists(storageId, correlationId))) throw promptNotFound(storageId, path);
}
