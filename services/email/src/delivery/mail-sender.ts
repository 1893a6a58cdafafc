import { EmailFailedTopic, EmailRequestedTopic, EmailSentTopic, type EmailLanguage, type EmailTemplate } from "@shared/contracts/events/email.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import type { DlqWriter } from "@shared/bus/dlq-writer.ts";
import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import { claimDueEmails, markFailed, markRetry, markSent, nextDueAt, type EmailRow } from "../db/email-repository.ts";
import { classifySmtpFailure, retryDelayMs } from "../domain/smtp-failure.ts";
import { renderEmail, TemplateVariablesError } from "../domain/templates.ts";
import type { MailTransport } from "./smtp-transport.ts";

export interface MailSenderOptions {
  db: Db;
  uow: UnitOfWork;
  transport: MailTransport;
  from: string;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Longest sleep between looks at the queue (a fallback; new mails wake the sender). */
  pollMs: number;
  /** How long a claimed mail is held before another sender may take it (crash safety). */
  leaseMs: number;
  dlq: DlqWriter;
  service: string;
  logger: Logger;
  metrics: ServiceMetrics;
}

export interface MailSender {
  start(): void;
  /** Look at the queue now (after a new request was recorded). */
  wake(): void;
  stop(): Promise<void>;
}

const BATCH = 10;

/** Works through pending mails: send, then record sent / retry later / failed, with events through the outbox. */
export function createMailSender(options: MailSenderOptions): MailSender {
  const { db, uow, transport, logger } = options;
  const attempts = options.metrics.counter("email_send_attempts_total", "SMTP send attempts by outcome", ["outcome"]);
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  }

  function fail(row: EmailRow, reason: "permanent_rejection" | "attempts_exhausted" | "render_failed", error: string): Promise<boolean> {
    uow.run((tx, emit) => {
      markFailed(tx, row.messageId, error);
      emit(EmailFailedTopic, {
        data: { message_id: row.messageId, template: row.template as EmailTemplate, user_id: row.userId, reason, error, attempts: row.attempts },
        source: options.service, correlationId: row.correlationId,
      }, { dedupeKey: `email-failed:${row.messageId}:${row.attempts}` });
    });
    logger.warn("e-mail failed for good", { message_id: row.messageId, template: row.template, reason, attempts: row.attempts, error, correlation_id: row.correlationId });
    // The request goes to the DLQ so an operator can see it and replay it once the cause is fixed.
    const request = makeEnvelope(EmailRequestedTopic, {
      data: { message_id: row.messageId, template: row.template as EmailTemplate, language: row.language as EmailLanguage, to: row.recipient, user_id: row.userId, variables: JSON.parse(row.variables) as Record<string, string> },
      source: options.service, correlationId: row.correlationId,
    });
    return options.dlq({ topic: EmailRequestedTopic.name, reason, error, originalId: row.messageId, deliveryCount: row.attempts, envelope: JSON.stringify(request), correlationId: row.correlationId });
  }

  async function deliver(row: EmailRow): Promise<void> {
    const fields = { message_id: row.messageId, template: row.template, attempt: row.attempts, correlation_id: row.correlationId };
    let rendered;
    try {
      rendered = renderEmail(row.template as EmailTemplate, row.language as EmailLanguage, JSON.parse(row.variables) as Record<string, string>);
    } catch (err) {
      if (!(err instanceof TemplateVariablesError)) throw err;
      attempts.inc({ outcome: "render_failed" });
      await fail(row, "render_failed", err.message);
      return;
    }
    try {
      const providerId = await transport.send({ from: options.from, to: row.recipient, messageId: row.messageId, ...rendered });
      uow.run((tx, emit) => {
        markSent(tx, row.messageId, providerId, Date.now());
        emit(EmailSentTopic, {
          data: { message_id: row.messageId, template: row.template as EmailTemplate, user_id: row.userId, provider_message_id: providerId, attempts: row.attempts },
          source: options.service, correlationId: row.correlationId,
        }, { dedupeKey: `email-sent:${row.messageId}` });
      });
      attempts.inc({ outcome: "sent" });
      logger.info("e-mail sent", { ...fields, provider_message_id: providerId });
    } catch (err) {
      const kind = classifySmtpFailure(err);
      const error = err instanceof Error ? err.message : String(err);
      if (kind === "permanent" || row.attempts >= options.maxAttempts) {
        attempts.inc({ outcome: kind === "permanent" ? "permanent_failure" : "exhausted" });
        await fail(row, kind === "permanent" ? "permanent_rejection" : "attempts_exhausted", error);
        return;
      }
      const delay = retryDelayMs(row.attempts, options.retryBaseMs, options.retryMaxMs);
      uow.run((tx) => markRetry(tx, row.messageId, Date.now() + delay, error));
      attempts.inc({ outcome: "retry" });
      logger.warn("e-mail send failed; will retry", { ...fields, error, retry_in_ms: delay });
    }
  }

  async function run(): Promise<void> {
    while (running) {
      let claimed: EmailRow[] = [];
      try {
        claimed = claimDueEmails(db, Date.now(), options.leaseMs, BATCH);
        for (const row of claimed) await deliver(row);
      } catch (err) {
        logger.error("e-mail sender pass failed", { error: err });
      }
      if (!running) break;
      if (claimed.length === BATCH) continue;
      const due = nextDueAt(db);
      const wait = due === undefined ? options.pollMs : Math.max(0, Math.min(options.pollMs, due - Date.now()));
      await sleep(Math.max(10, wait));
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    wake() {
      wakeUp?.();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      transport.close();
    },
  };
}
