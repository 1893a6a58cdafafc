import type { EmailLanguage, EmailTemplate } from "@shared/contracts/events/email.ts";

/** Who a batch mail would go to, as identity knows them. */
export interface MailRecipient {
  userId: string;
  email: string;
  name: string | null;
  language: EmailLanguage;
  verified: boolean;
  notifyResultsByEmail: boolean;
}

/** What identity reads from a pipeline-completed event. */
export interface PipelineCompletion {
  batch_id: string;
  pipeline: string;
  final_status: "COMPLETED_SUCCESSFULLY" | "COMPLETED_WITH_FAILURES" | "FAILED_CRITICALLY";
  failed_essay_ids: readonly string[];
  course_code?: string | undefined;
  essay_instructions?: string | undefined;
  essay_count?: number | undefined;
}

/** What identity reads from a retention notice. */
export interface RetentionNotice {
  batch_id: string;
  erase_after: string;
  retention_days: number;
  course_code?: string | undefined;
  essay_instructions?: string | undefined;
}

export interface BatchMail {
  template: EmailTemplate;
  language: EmailLanguage;
  to: string;
  userId: string;
  variables: Record<string, string>;
  /** At most one such mail ever (the outbox refuses a second row with the same key). */
  dedupeKey: string;
}

export type SkipReason = "unknown_user" | "unverified" | "opted_out";
export type BatchMailDecision = { kind: "send"; mail: BatchMail } | { kind: "skip"; reason: SkipReason };

const OUTCOME = { COMPLETED_SUCCESSFULLY: "completed", COMPLETED_WITH_FAILURES: "completed_with_failures", FAILED_CRITICALLY: "failed" } as const;
const NAME_LENGTH = 60;

/** The web app's page of a batch (web/src/App.tsx: `/batches/:batchId`). */
export const batchPageUrl = (appUrl: string, batchId: string) => `${appUrl.replace(/\/$/, "")}/batches/${encodeURIComponent(batchId)}`;

/**
 * What the teacher knows the batch by, as the dashboard shows it: "ENG5: Write an argumentative…".
 * @example batchName({ batch_id: "b1", course_code: "ENG5", essay_instructions: "Write about summer." }, "en") // "ENG5: Write about summer."
 */
export function batchName(batch: { batch_id: string; course_code?: string | undefined; essay_instructions?: string | undefined }, language: EmailLanguage): string {
  const instructions = batch.essay_instructions?.replace(/\s+/g, " ").trim();
  const clipped = instructions && instructions.length > NAME_LENGTH ? `${instructions.slice(0, NAME_LENGTH).replace(/\s+\S*$/, "")}…` : instructions;
  if (batch.course_code && clipped) return `${batch.course_code}: ${clipped}`;
  if (batch.course_code || clipped) return (batch.course_code || clipped) as string;
  return `${language === "sv" ? "omgång" : "batch"} ${batch.batch_id.slice(0, 8)}`;
}

function mailable(recipient: MailRecipient | undefined): { ok: true; recipient: MailRecipient } | { ok: false; reason: SkipReason } {
  if (!recipient) return { ok: false, reason: "unknown_user" };
  // An unverified address may not be the owner's: batch names must not reach a stranger.
  if (!recipient.verified) return { ok: false, reason: "unverified" };
  return { ok: true, recipient };
}

const greetingName = (r: MailRecipient): Record<string, string> => (r.name ? { name: r.name } : {});
const essayCount = (n: number | undefined): Record<string, string> => (n !== undefined ? { essay_count: String(n) } : {});

/**
 * A pipeline run ended: mail the owner once per batch and pipeline, to a verified address, unless
 * they turned results mails off. Failed and partly failed runs are mailed too: the teacher is
 * waiting for the run either way, and the mail says how many essays failed.
 */
export function decideResultsMail(recipient: MailRecipient | undefined, run: PipelineCompletion, appUrl: string): BatchMailDecision {
  const check = mailable(recipient);
  if (!check.ok) return { kind: "skip", reason: check.reason };
  const to = check.recipient;
  if (!to.notifyResultsByEmail) return { kind: "skip", reason: "opted_out" };
  return {
    kind: "send",
    mail: {
      template: "batch_results_ready", language: to.language, to: to.email, userId: to.userId,
      dedupeKey: `results-mail:${run.batch_id}:${run.pipeline}`,
      variables: {
        ...greetingName(to),
        batch_name: batchName(run, to.language), results_url: batchPageUrl(appUrl, run.batch_id), pipeline: run.pipeline,
        outcome: OUTCOME[run.final_status], failed_count: String(run.failed_essay_ids.length),
        ...essayCount(run.essay_count),
      },
    },
  };
}

/**
 * The retention policy will erase a batch: tell the owner (verified address) once per erasure date,
 * whatever their results-mail choice, since this mail is about losing data.
 */
export function decideRetentionMail(recipient: MailRecipient | undefined, notice: RetentionNotice, appUrl: string): BatchMailDecision {
  const check = mailable(recipient);
  if (!check.ok) return { kind: "skip", reason: check.reason };
  const to = check.recipient;
  return {
    kind: "send",
    mail: {
      template: "retention_notice", language: to.language, to: to.email, userId: to.userId,
      dedupeKey: `retention-mail:${notice.batch_id}:${notice.erase_after}`,
      variables: {
        ...greetingName(to),
        batch_name: batchName(notice, to.language), erase_after: notice.erase_after, retention_days: String(notice.retention_days),
        batch_url: batchPageUrl(appUrl, notice.batch_id),
      },
    },
  };
}
