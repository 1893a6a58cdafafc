import { on, type EventHandler, type HandlerContext } from "@shared/bus/consumer.ts";
import type { Redis } from "@shared/bus/redis.ts";
import { parseEntries } from "@shared/bus/streams.ts";
import { defineDlqTopic } from "@shared/contracts/dlq-topics.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import {
  CJAssessmentRequestedTopic, EssayAIFeedbackRequestedTopic, EssayNlpRequestedTopic, EssaySpellcheckRequestedTopic,
} from "@shared/contracts/events/els.ts";
import type { Topic } from "@shared/contracts/topics.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import { SERVICE_NAME } from "../config.ts";
import { failDeadLetteredRequest } from "./fail-dead-lettered-request.ts";
import type { PhaseRunMetrics } from "./phase-metrics.ts";

/** The request topics ELS produces; their DLQs tell it a phase service will never answer. */
export const REQUEST_TOPICS: readonly Topic[] = [EssaySpellcheckRequestedTopic, EssayNlpRequestedTopic, EssayAIFeedbackRequestedTopic, CJAssessmentRequestedTopic];

// The processed mark of a dead letter is keyed by the original request's event id; a consumer name
// of its own keeps it apart from anything ELS itself consumes under that id.
const DLQ_CONSUMER = `${SERVICE_NAME}:dlq`;

/** The `reason` the kit's DLQ writer put beside the envelope (see shared/bus/dlq-writer.ts); undefined if trimmed away. */
async function deadLetterReason(redis: Redis, ctx: HandlerContext): Promise<string | undefined> {
  const [entry] = parseEntries(await redis.xrange(ctx.topic, ctx.entryId, ctx.entryId));
  return entry?.fields.reason;
}

/** One handler per request DLQ: fail what the dead request was for, at once. */
export function deadLetterHandlers({ uow, runs, redis }: { uow: UnitOfWork; runs: PhaseRunMetrics; redis: Redis }): EventHandler[] {
  return REQUEST_TOPICS.map((topic) =>
    on(defineDlqTopic(topic), async (envelope: EventEnvelope, ctx) => {
      const reason = await deadLetterReason(redis, ctx);
      const outcome = uow.runOnce(DLQ_CONSUMER, envelope.event_id, (tx, emit) =>
        failDeadLetteredRequest(tx, emit, envelope.event_id, reason, envelope.correlation_id, ctx.logger));
      if (!outcome.applied || outcome.result.kind !== "failed") return;
      runs.unanswered(outcome.result.phase, "dead_letter", outcome.result.failed.length);
      runs.closed(outcome.result.closed);
    }),
  );
}
