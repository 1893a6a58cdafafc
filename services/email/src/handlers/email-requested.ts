import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { EmailRequestedTopic } from "@shared/contracts/events/email.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import { recordRequest } from "../db/email-repository.ts";
import { SERVICE_NAME } from "../service-name.ts";

/** Record the request as a pending mail (once per event) and wake the sender; sending happens beside the bus. */
export function emailRequestedHandler(deps: { uow: UnitOfWork; wakeSender: () => void }): EventHandler {
  return on(EmailRequestedTopic, async (envelope, ctx) => {
    const d = envelope.data;
    const outcome = deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx) =>
      recordRequest(tx, {
        messageId: d.message_id, template: d.template, language: d.language, recipient: d.to.toLowerCase(),
        userId: d.user_id ?? null, variables: d.variables, correlationId: envelope.correlation_id,
      }, Date.now()),
    );
    if (!outcome.applied) return;
    ctx.logger.info("e-mail request recorded", { message_id: d.message_id, template: d.template, outcome: outcome.result });
    deps.wakeSender();
  });
}
