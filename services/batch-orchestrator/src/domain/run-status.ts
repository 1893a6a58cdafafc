// Relative imports only: drizzle-kit loads this through db/schema.ts.
// RunStatus is part of BOS's pipeline-state contract, so it is defined there.
export { RunStatus, RunStatusSchema } from "../../../../shared/contracts/pipeline-state.ts";
