/** How far a batch's intake has come. */
export interface ProvisioningProgress {
  expected: number;
  assigned: number;
  failed: number;
}

/**
 * Every expected essay has content or a recorded validation failure: the batch can be handed on.
 * Failures count so one bad file does not leave the batch waiting for ever.
 */
export function isProvisioningComplete(p: ProvisioningProgress): boolean {
  return p.assigned + p.failed >= p.expected;
}

/** Why content did not take a slot. */
export const ExcessReason = {
  ALL_SLOTS_TAKEN: "all_slots_taken",
  PROVISIONING_COMPLETED: "batch_provisioning_completed",
  DUPLICATE_CONTENT: "duplicate_content",
} as const;
export type ExcessReason = (typeof ExcessReason)[keyof typeof ExcessReason];
