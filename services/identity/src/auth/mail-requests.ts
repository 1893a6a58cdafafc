import { EmailRequestedTopic, type EmailLanguage, type EmailTemplate } from "@shared/contracts/events/email.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";

/**
 * Ask the e-mail service for a mail, through the outbox of the transaction that caused it.
 * False when `dedupeKey` was used before (that mail was already asked for).
 */
export function requestMail(emit: Emit, mail: { template: EmailTemplate; language: EmailLanguage; to: string; userId: string; variables: Record<string, string>; correlationId: string; dedupeKey?: string }): boolean {
  return emit(EmailRequestedTopic, {
    data: { message_id: crypto.randomUUID(), template: mail.template, language: mail.language, to: mail.to, user_id: mail.userId, variables: mail.variables },
    source: "identity", correlationId: mail.correlationId,
  }, mail.dedupeKey ? { dedupeKey: mail.dedupeKey } : {});
}
