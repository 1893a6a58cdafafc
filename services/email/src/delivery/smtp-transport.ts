import nodemailer from "nodemailer";
import type { RenderedEmail } from "../domain/templates.ts";

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  /** Skip STARTTLS even when offered (a loopback sink). */
  ignoreTls: boolean;
  user?: string;
  password?: string;
  timeoutMs: number;
}

export interface MailTransport {
  /** Send one message; resolves the provider's message id, rejects with nodemailer's error. */
  send(message: { from: string; to: string; messageId: string } & RenderedEmail): Promise<string>;
  close(): void;
}

/** nodemailer over SMTP; its own logger stays off so credentials never reach a log line. */
export function createSmtpTransport(settings: SmtpSettings): MailTransport {
  const transporter = nodemailer.createTransport({
    host: settings.host, port: settings.port, secure: settings.secure, ignoreTLS: settings.ignoreTls,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? "" } } : {}),
    connectionTimeout: settings.timeoutMs, greetingTimeout: settings.timeoutMs, socketTimeout: settings.timeoutMs,
    logger: false, debug: false,
  });
  return {
    async send(message) {
      const info = await transporter.sendMail({
        from: message.from, to: message.to, subject: message.subject, text: message.text, html: message.html,
        messageId: `<${message.messageId}@huleedu>`, headers: { "X-HuleEdu-Message-Id": message.messageId },
      });
      return typeof info.messageId === "string" ? info.messageId : message.messageId;
    },
    close() {
      transporter.close();
    },
  };
}
