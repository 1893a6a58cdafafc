import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { PoisonMessageError } from "@shared/bus/errors.ts";
import { LlmComparisonRequestedTopic, LlmFeedbackRequestedTopic } from "@shared/contracts/events/llm.ts";
import { RequestKind } from "../db/request-states.ts";
import { CallbackTopicError, type IntakeDeps, submitRequest, submitRequests } from "./intake.ts";

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
    on(
      LlmComparisonRequestedTopic,
      async (envelope, ctx) => {
        const outcome = await intake(deps, () =>
          submitRequest(deps, { kind: RequestKind.COMPARISON, request: envelope.data }, envelope.correlation_id, envelope.event_id),
        );
        ctx.logger.info("comparison request taken in", { request_id: outcome.requestId, status: outcome.status, duplicate: outcome.duplicate });
      },
      // A CJ round arrives as hundreds of requests: a read of them is taken in with one commit.
      // A failure here (e.g. a bad callback topic) sends each entry through the handler above.
      async (items) => {
        const outcomes = await submitRequests(deps, items.map((i) => ({
          payload: { kind: RequestKind.COMPARISON, request: i.envelope.data }, correlationId: i.envelope.correlation_id, eventId: i.envelope.event_id,
        })));
        outcomes.forEach((outcome, n) => items[n]!.ctx.logger.info("comparison request taken in", { request_id: outcome.requestId, status: outcome.status, duplicate: outcome.duplicate }));
      },
    ),
    on(LlmFeedbackRequestedTopic, async (envelope, ctx) => {
      const outcome = await intake(deps, () =>
        submitRequest(deps, { kind: RequestKind.FEEDBACK, request: envelope.data }, envelope.correlation_id, envelope.event_id),
      );
      ctx.logger.info("feedback request taken in", { request_id: outcome.requestId, status: outcome.status, duplicate: outcome.duplicate });
    }),
  ];
}
