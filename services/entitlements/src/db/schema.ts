// Relative imports only: drizzle-kit does not resolve the `@shared` alias.
// Every table is defined here for both dialects side by side (`accounts` / `accountsPg`, …); the drift
// test (test/schema-drift.test.ts) fails when the two definitions or their migrations disagree.
import { index as pgIndex, integer as pgInteger, pgTable, primaryKey as pgPrimaryKey, text as pgText } from "drizzle-orm/pg-core";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enumCheck, pgEnumCheck } from "../../../../shared/db/schema.ts";
import { ConsumableResourceSchema } from "../../../../shared/contracts/events/entitlements.ts";
import { enumValues } from "../../../../shared/contracts/enums.ts";
import { AccountKind, type ConsumableResource } from "../domain/credit-policy.ts";

export { outbox, outboxPg, processedEvents, processedEventsPg } from "../../../../shared/db/schema.ts";

/** A credit account (a user's or an organisation's): balance = granted − consumed. */
export const accounts = sqliteTable(
  "accounts",
  {
    kind: text("kind").$type<AccountKind>().notNull(),
    accountId: text("account_id").notNull(),
    /** The initial grant, fixed when the account was first seen. */
    granted: integer("granted").notNull(),
    /** Sum of the ledger's credits for this account; updated in the ledger row's transaction. */
    consumed: integer("consumed").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.accountId] }), enumCheck("accounts_kind_check", t.kind, enumValues(AccountKind))],
);

/** The organisation a user was last seen acting for (from checks and consumption events). */
export const userOrganisations = sqliteTable("user_organisations", {
  userId: text("user_id").primaryKey(),
  orgId: text("org_id").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/** One row per consumption event: the record that makes a deduction happen exactly once. */
export const consumptionLedger = sqliteTable(
  "consumption_ledger",
  {
    eventId: text("event_id").primaryKey(),
    accountKind: text("account_kind").$type<AccountKind>().notNull(),
    accountId: text("account_id").notNull(),
    userId: text("user_id").notNull(),
    orgId: text("org_id"),
    batchId: text("batch_id").notNull(),
    resource: text("resource").$type<ConsumableResource>().notNull(),
    quantity: integer("quantity").notNull(),
    credits: integer("credits").notNull(),
    /** The account's balance right after this row; negative when usage outran the check. */
    balanceAfter: integer("balance_after").notNull(),
    recordedAt: text("recorded_at").notNull(),
  },
  (t) => [
    index("consumption_ledger_account_idx").on(t.accountKind, t.accountId),
    enumCheck("consumption_ledger_kind_check", t.accountKind, enumValues(AccountKind)),
    enumCheck("consumption_ledger_resource_check", t.resource, ConsumableResourceSchema.options),
  ],
);

export const AdjustmentKind = { TOP_UP: "top_up", ADJUSTMENT: "adjustment" } as const;
export type AdjustmentKind = (typeof AdjustmentKind)[keyof typeof AdjustmentKind];

/** Credits an admin added or corrected (±), with who did it and why; the account's `granted` moves with it. */
export const creditAdjustments = sqliteTable(
  "credit_adjustments",
  {
    adjustmentId: text("adjustment_id").primaryKey(),
    accountKind: text("account_kind").$type<AccountKind>().notNull(),
    accountId: text("account_id").notNull(),
    kind: text("kind").$type<AdjustmentKind>().notNull(),
    credits: integer("credits").notNull(),
    reason: text("reason").notNull(),
    actorUserId: text("actor_user_id").notNull(),
    balanceAfter: integer("balance_after").notNull(),
    recordedAt: text("recorded_at").notNull(),
  },
  (t) => [
    index("credit_adjustments_account_idx").on(t.accountKind, t.accountId),
    enumCheck("credit_adjustments_account_kind_check", t.accountKind, enumValues(AccountKind)),
    enumCheck("credit_adjustments_kind_check", t.kind, Object.values(AdjustmentKind)),
  ],
);

/** `accounts` on PostgreSQL; writers serialise per account on its row (see pg-store.ts). */
export const accountsPg = pgTable(
  "accounts",
  {
    kind: pgText("kind").$type<AccountKind>().notNull(),
    accountId: pgText("account_id").notNull(),
    granted: pgInteger("granted").notNull(),
    consumed: pgInteger("consumed").notNull().default(0),
    createdAt: pgText("created_at").notNull(),
    /** Also the account's ledger clock on PostgreSQL: each ledger row is stamped after it (pg-store.ts). */
    updatedAt: pgText("updated_at").notNull(),
  },
  (t) => [pgPrimaryKey({ columns: [t.kind, t.accountId] }), pgEnumCheck("accounts_kind_check", t.kind, enumValues(AccountKind))],
);

/** `user_organisations` on PostgreSQL. */
export const userOrganisationsPg = pgTable("user_organisations", {
  userId: pgText("user_id").primaryKey(),
  orgId: pgText("org_id").notNull(),
  updatedAt: pgText("updated_at").notNull(),
});

/** `consumption_ledger` on PostgreSQL. */
export const consumptionLedgerPg = pgTable(
  "consumption_ledger",
  {
    eventId: pgText("event_id").primaryKey(),
    accountKind: pgText("account_kind").$type<AccountKind>().notNull(),
    accountId: pgText("account_id").notNull(),
    userId: pgText("user_id").notNull(),
    orgId: pgText("org_id"),
    batchId: pgText("batch_id").notNull(),
    resource: pgText("resource").$type<ConsumableResource>().notNull(),
    quantity: pgInteger("quantity").notNull(),
    credits: pgInteger("credits").notNull(),
    balanceAfter: pgInteger("balance_after").notNull(),
    recordedAt: pgText("recorded_at").notNull(),
  },
  (t) => [
    pgIndex("consumption_ledger_account_idx").on(t.accountKind, t.accountId),
    pgEnumCheck("consumption_ledger_kind_check", t.accountKind, enumValues(AccountKind)),
    pgEnumCheck("consumption_ledger_resource_check", t.resource, ConsumableResourceSchema.options),
  ],
);

/** `credit_adjustments` on PostgreSQL. */
export const creditAdjustmentsPg = pgTable(
  "credit_adjustments",
  {
    adjustmentId: pgText("adjustment_id").primaryKey(),
    accountKind: pgText("account_kind").$type<AccountKind>().notNull(),
    accountId: pgText("account_id").notNull(),
    kind: pgText("kind").$type<AdjustmentKind>().notNull(),
    credits: pgInteger("credits").notNull(),
    reason: pgText("reason").notNull(),
    actorUserId: pgText("actor_user_id").notNull(),
    balanceAfter: pgInteger("balance_after").notNull(),
    recordedAt: pgText("recorded_at").notNull(),
  },
  (t) => [
    pgIndex("credit_adjustments_account_idx").on(t.accountKind, t.accountId),
    pgEnumCheck("credit_adjustments_account_kind_check", t.accountKind, enumValues(AccountKind)),
    pgEnumCheck("credit_adjustments_kind_check", t.kind, Object.values(AdjustmentKind)),
  ],
);
