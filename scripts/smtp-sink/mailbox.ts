import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";

export interface SinkMessage {
  file: string;
  received_at: string;
  subject: string;
  from: string;
  to: string[];
  message_id: string;
}

/** What the sink has stored, oldest first (optionally only mails to one address). */
export function listMailbox(dir: string, to?: string): SinkMessage[] {
  const index = join(dir, "index.jsonl");
  if (!existsSync(index)) return [];
  const all = readFileSync(index, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as SinkMessage);
  return to ? all.filter((m) => m.to.includes(to.toLowerCase())) : all;
}

/** One stored message parsed: subject, plain text and HTML. */
export async function readMessage(dir: string, message: SinkMessage): Promise<{ subject: string; text: string; html: string; headers: Map<string, unknown> }> {
  const parsed = await simpleParser(readFileSync(join(dir, message.file)));
  return { subject: parsed.subject ?? "", text: parsed.text ?? "", html: typeof parsed.html === "string" ? parsed.html : "", headers: parsed.headers };
}
