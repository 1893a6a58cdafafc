import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { PoisonMessageError } from "@shared/bus/errors.ts";
import { LlmComparisonRequestedTopic, LlmFeedbackRequestedTopic } from "@shared/contracts/events/llm.ts";
import { RequestKind } from "../db/request-states.ts";
import { CallbackTopicError, type IntakeDeps, submitRequest } from "./intake.ts";

async function intake(deps: IntakeDeps, run: () => ReturnType<typeof submitRequest>) {
  try {
    return await run();
  } catch (err) {
    if (err instanceof CallbackTopicError) throw new PoisonMessageError(err.message);
    throw err; // transient (content service down): the entry stays pending and is retried
  }
}

/** Comparison and feedback requests from the bus; a duplicate request id gets no second queue entry. */
export function requestHandlers(deps: IntakeDeps): EventHandler[] {
  return [
    on(LlmComparisonRequestedTopic, async (envelope, ctx) => {
      const outcome = await intake(deps, () =>
        submitRequest(deps, { kind: RequestKind.COMPARISON, request: envelope.data }, envelope.correlation_id, envelope.event_id),
      );
      ctx.logger.info("comparison request taken in", { request_id: outcome.requestId, status: outcome.status, duplicate: outcome.duplicate });
    }),
    on(LlmFeedbackRequestedTopic, async (envelope, ctx) => {
      const outcome = await intake(deps, () =>
        submitRequest(deps, { kind: RequestKind.FEEDBACK, request: envelope.data }, envelope.correlation_id, envelope.event_id),
      );
      ctx.logger.info("feedback request taken in", { request_id: outcome.requestId, status: outcome.status, duplicate: outcome.duplicate });
    }),
  ];
}
