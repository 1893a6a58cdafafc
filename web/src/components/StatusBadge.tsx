import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/i18n.ts";

const ICON: Record<string, string> = {
  AWAITING_CONTENT: "◌", READY_FOR_PIPELINE_EXECUTION: "●", PROCESSING_PIPELINES: "◔",
  COMPLETED_SUCCESSFULLY: "✓", COMPLETED_WITH_FAILURES: "!", FAILED_CRITICALLY: "✕",
};

/** Status in words with an icon (not colour alone). */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const key = `status_${status}` as MessageKey;
  return <span class={`badge badge-${status.toLowerCase()}`} data-status={status}><span aria-hidden="true">{ICON[status] ?? "•"}</span> {t(key) === undefined ? status : t(key)}</span>;
}
