import * as v from "valibot";
import { defineTopic } from "../topics.ts";

/** The mails the e-mail service can render; each names the variables it needs. */
export const EmailTemplateSchema = v.picklist(["verification", "welcome", "password_reset", "account_exists", "batch_results_ready", "retention_notice"]);
export type EmailTemplate = v.InferOutput<typeof EmailTemplateSchema>;
export const EmailLanguageSchema = v.picklist(["sv", "en"]);
export type EmailLanguage = v.InferOutput<typeof EmailLanguageSchema>;

/** Any service → email: render `template` in `language` and send it to `to`, once per message_id. */
export const EmailRequestedTopic = defineTopic(
  "huleedu.email.notification.requested.v1",
  v.object({
    message_id: v.pipe(v.string(), v.uuid()),
    template: EmailTemplateSchema,
    language: EmailLanguageSchema,
    to: v.pipe(v.string(), v.trim(), v.email()),
    user_id: v.nullish(v.string()),
    /** Template variables (names, links, tokens); never logged. */
    variables: v.record(v.string(), v.pipe(v.string(), v.maxLength(2000))),
  }),
);

/** email → anyone: the SMTP server accepted the message. */
export const EmailSentTopic = defineTopic(
  "huleedu.email.notification.sent.v1",
  v.object({
    message_id: v.string(),
    template: EmailTemplateSchema,
    user_id: v.nullish(v.string()),
    provider_message_id: v.string(),
    attempts: v.pipe(v.number(), v.integer(), v.minValue(1)),
  }),
);

/** email → anyone: the message will not be sent (permanent SMTP refusal or attempts exhausted). */
export const EmailFailedTopic = defineTopic(
  "huleedu.email.notification.failed.v1",
  v.object({
    message_id: v.string(),
    template: EmailTemplateSchema,
    user_id: v.nullish(v.string()),
    reason: v.picklist(["permanent_rejection", "attempts_exhausted", "render_failed"]),
    error: v.string(),
    attempts: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
);

/** The e-mail service's internal read of one message (tests, operators). */
export const EmailRecordSchema = v.pipe(
  v.object({
    message_id: v.string(),
    template: EmailTemplateSchema,
    language: EmailLanguageSchema,
    recipient: v.string(),
    status: v.picklist(["pending", "sent", "failed"]),
    attempts: v.number(),
    provider_message_id: v.nullable(v.string()),
    last_error: v.nullable(v.string()),
    next_attempt_at: v.nullable(v.string()),
    created_at: v.string(),
    sent_at: v.nullable(v.string()),
  }),
  v.title("EmailRecord"),
);
