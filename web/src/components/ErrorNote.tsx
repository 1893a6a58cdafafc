import type { ApiProblem } from "../api/session.ts";
import { useI18n } from "../i18n/i18n.ts";

/** An error as words with an icon, never by colour alone. */
export function ErrorNote({ problem }: { problem: ApiProblem | string | null | undefined }) {
  const { t } = useI18n();
  if (!problem) return null;
  const message = typeof problem === "string" ? problem : problem.message;
  const fields = typeof problem === "string" ? undefined : (problem.details?.fields as Record<string, string> | undefined);
  return (
    <div class="error" role="alert">
      <strong>⚠ {t("error_prefix")}</strong> {message}
      {fields ? <ul>{Object.entries(fields).map(([k, v]) => <li key={k}>{k}: {v}</li>)}</ul> : null}
    </div>
  );
}
