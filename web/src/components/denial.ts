import type { MessageKey } from "../i18n/en.ts";
import type { Translate } from "../i18n/i18n.ts";

const KNOWN = ["prompt_not_attached", "insufficient_credits", "pipeline_in_progress", "batch_not_ready", "no_essays"];

/** A refusal as a plain sentence in the UI language; the server's own message for anything else. */
export function denialSentence(t: Translate, reason: string | null | undefined, message: string | null | undefined): string {
  if (reason && KNOWN.includes(reason)) return t(`denial_${reason}` as MessageKey) + (reason === "insufficient_credits" && message ? ` (${message})` : "");
  return message ?? reason ?? "";
}
