/** Whether a failed SMTP send is worth retrying, from what nodemailer reports. */
export type SmtpFailureKind = "transient" | "permanent";

interface SmtpErrorShape {
  code?: unknown;
  responseCode?: unknown;
}

// Connection-level failures: the server was not reachable or dropped us; try again later.
const TRANSIENT_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "ECONNREFUSED", "ECONNRESET", "EDNS", "EPROTOCOL", "ETLS"]);

/**
 * 5xx replies are permanent (the server refuses this message), 4xx and connection errors transient.
 * @example classifySmtpFailure({ responseCode: 550 }) // "permanent"
 */
export function classifySmtpFailure(err: unknown): SmtpFailureKind {
  const e = (typeof err === "object" && err !== null ? err : {}) as SmtpErrorShape;
  if (typeof e.responseCode === "number") return e.responseCode >= 500 ? "permanent" : "transient";
  if (typeof e.code === "string" && TRANSIENT_CODES.has(e.code)) return "transient";
  if (typeof e.code === "string" && e.code === "EENVELOPE") return "permanent";
  return "transient";
}

/** Exponential backoff with full jitter, capped: attempt 1 waits ~base, attempt n up to base·2^(n-1). */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
