// Only type imports from shared: drizzle-kit loads this file through the db schema.
import type { PipelinePromptPayload } from "../../../../shared/contracts/batch-registration.ts";
import type { StorageReferenceMetadata } from "../../../../shared/contracts/storage.ts";

/** Where a pipeline's student prompt came from (seed 000). */
export const PromptSource = { CANONICAL: "canonical", CMS: "cms", CONTEXT: "context" } as const;
export type PromptSource = (typeof PromptSource)[keyof typeof PromptSource];

export interface PromptResolution {
  prompt_attached: boolean;
  prompt_source: PromptSource | null;
  /** The canonical assignment named in the request, if any. */
  assignment_id: string | null;
  /** A CMS reference from the request that replaces the batch's stored prompt reference. */
  replacement_ref: StorageReferenceMetadata | null;
}

/**
 * Decide whether a pipeline request has a prompt: the request's canonical assignment first, then
 * its CMS reference (which becomes the batch's prompt), then the reference stored at registration.
 */
export function resolvePromptSource(
  payload: PipelinePromptPayload | null | undefined,
  storedRef: StorageReferenceMetadata | null | undefined,
): PromptResolution {
  if (payload?.assignment_id) {
    return { prompt_attached: true, prompt_source: PromptSource.CANONICAL, assignment_id: payload.assignment_id, replacement_ref: null };
  }
  if (payload?.cms_prompt_ref) {
    return { prompt_attached: true, prompt_source: PromptSource.CMS, assignment_id: null, replacement_ref: payload.cms_prompt_ref };
  }
  if (storedRef) return { prompt_attached: true, prompt_source: PromptSource.CONTEXT, assignment_id: null, replacement_ref: null };
  return { prompt_attached: false, prompt_source: null, assignment_id: null, replacement_ref: null };
}
