import { HuleEduError } from "@shared/contracts/errors.ts";

/**
 * The answer for a prompt the caller cannot use: the same for missing content and for another
 * user's prompt, so a storage id never reveals that someone else uploaded it.
 */
export function promptNotFound(storageId: string, field: string): HuleEduError {
  return new HuleEduError("RESOURCE_NOT_FOUND", `Prompt content ${storageId} does not exist in the content service`, {
    reason: "prompt_content_not_found", storage_id: storageId, field,
  });
}

/**
 * A prompt may be referenced by its uploader. A storage id with no recorded owner (stored before
 * the gateway recorded owners, or directly by a service) is accepted as before.
 */
export function assertPromptUsable(owner: string | null | undefined, userId: string, storageId: string, field: string): void {
  if (owner != null && owner !== userId) throw promptNotFound(storageId, field);
}
