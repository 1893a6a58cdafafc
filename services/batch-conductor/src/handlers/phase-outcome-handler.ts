import { on } from "@shared/bus/consumer.ts";
import { ELSBatchPhaseOutcomeTopic } from "@shared/contracts/events/els.ts";
import type { PhaseProjection } from "../db/phase-projection.ts";

/** Projects each batch phase outcome so later requests skip completed phases. */
export function phaseOutcomeHandler(projection: PhaseProjection) {
  return on(ELSBatchPhaseOutcomeTopic, async (envelope, ctx) => {
    const { batch_id, phase, status } = envelope.data;
    const applied = await projection.record(envelope.event_id, batch_id, phase, status);
    ctx.logger.info(applied ? "phase outcome projected" : "phase outcome already projected", { phase, status });
  });
}
