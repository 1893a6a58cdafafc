// Pieces of BOS's pipeline-state answer (shared/contracts/pipeline-state.ts) for the seeding tests.

/** A phase of a run: counts once it completed. */
export const phase = (name: string, status: string, started: string | null, completed: string | null) => ({
  phase: name, status, depends_on: [], started_at: started, completed_at: completed, processed_count: completed ? 3 : null, failed_count: completed ? 0 : null,
});

/** A run as BOS answers it: the fields a test cares about over neutral defaults. */
export const run = (fields: Record<string, unknown>) => ({
  run_id: "r", status: "PENDING", prompt_source: null, assignment_id: null, correlation_id: "c", completed_at: null,
  pruned_phases: [], retry_of_run_id: null, failed_essay_ids: [], phases: [], ...fields,
});
