import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { ResourceConsumptionTopic } from "@shared/contracts/events/entitlements.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import type { EntitlementsStore } from "../db/store.ts";
import { creditsFor, type CreditPolicy } from "../domain/credit-policy.ts";
import { SERVICE_NAME } from "../service-name.ts";

export interface ResourceConsumedDeps {
  store: EntitlementsStore;
  policy: CreditPolicy;
  metrics: ServiceMetrics;
}

/** Deduct the credits a consumption event names, exactly once per event id. */
export function resourceConsumedHandler(deps: ResourceConsumedDeps): EventHandler {
  const { store, policy } = deps;
  const consumed = deps.metrics.counter("credits_consumed_total", "Credits deducted by resource and account kind", ["resource", "account_kind"]);
  const overdrawn = deps.metrics.counter("accounts_overdrawn_total", "Deductions that left an account below zero", ["account_kind"]);

  return on(ResourceConsumptionTopic, async (envelope, ctx) => {
    const d = envelope.data;
    const credits = creditsFor(policy, d.resource, d.quantity);
    const outcome = await store.consumeOnce(SERVICE_NAME, {
      eventId: envelope.event_id, userId: d.user_id, orgId: d.org_id ?? null, batchId: d.batch_id,
      resource: d.resource, quantity: d.quantity, credits,
    });
    if (!outcome) {
      ctx.logger.info("consumption already recorded; ignored", { user_id: d.user_id });
      return;
    }
    const { payer, after } = outcome;
    consumed.inc({ resource: d.resource, account_kind: payer.kind }, credits);
    const fields = {
      user_id: d.user_id, org_id: d.org_id ?? null, account_kind: payer.kind, account_id: payer.id,
      resource: d.resource, quantity: d.quantity, credits, balance: after.balance,
    };
    if (after.balance < 0) {
      overdrawn.inc({ account_kind: payer.kind });
      ctx.logger.warn("consumption overdrew the account; recorded anyway", fields);
    } else {
      ctx.logger.info("consumption recorded", fields);
    }
  });
}
