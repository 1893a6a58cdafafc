// Relative imports only: drizzle-kit loads this through db/schema.ts.
import * as v from "valibot";
import { enumValues, PhaseStatus } from "../../../../shared/contracts/enums.ts";

/**
 * A pipeline run's (and its phases') status in BOS: the shared phase statuses plus CANCELLED, which
 * only the owner's cancellation sets (the shared enum has no such value, and no other service
 * stores it).
 */
export const RunStatus = { ...PhaseStatus, CANCELLED: "CANCELLED" } as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];
export const RunStatusSchema = v.picklist(enumValues(RunStatus));
