/** How far a batch's intake has come. */
export interface ProvisioningProgress {
  expected: number;
  assigned: number;
  failed: number;
}

/**
 * Every expected essay has content: the batch can be handed on. A rejected file never counts (the
 * teacher is told at once and uploads the right file), so junk can never close a batch early or
 * hand it on with no essays at all.
 */
export function isProvisioningComplete(p: ProvisioningProgress): boolean {
  return p.assigned >= p.expected;
}

/** Why content did not take a slot. */
export const ExcessReason = {
  ALL_SLOTS_TAKEN: "all_slots_taken",
  PROVISIONING_COMPLETED: "batch_provisioning_completed",
  DUPLICATE_CONTENT: "duplicate_content",
} as const;
export type ExcessReason = (typeof ExcessReason)[keyof typeof ExcessReason];
