import { useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { useI18n } from "../i18n/i18n.ts";
import { ErrorNote } from "./ErrorNote.tsx";
import { problemOf, problemSentence } from "./problem-sentence.ts";

export const MAX_BATCH_NAME = 200;

/** The batch's title, with an inline edit of its name (PATCH /v1/batches/{id}). */
export function BatchName({ batchId, name, fallback, onRenamed }: { batchId: string; name: string | null; fallback: string; onRenamed: (name: string) => void }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const save = async (e: Event) => {
    e.preventDefault();
    setProblem(null);
    const wanted = draft.trim();
    if (!wanted || wanted.length > MAX_BATCH_NAME) return setProblem(t("problem_name_invalid"));
    setBusy(true);
    const { data, error, response } = await api.PATCH("/v1/batches/{batch_id}", { params: { path: { batch_id: batchId } }, body: { name: wanted } });
    setBusy(false);
    if (!data) return setProblem(problemSentence(t, problemOf(error, response), "problem_name_invalid"));
    setEditing(false);
    setSaved(true);
    onRenamed(data.name ?? wanted);
  };

  if (!editing) {
    return (
      <div class="row">
        <h1 id="batch-title" data-testid="batch-name">{name ?? `${t("batch_title")}: ${fallback}`}</h1>
        <button type="button" class="secondary" onClick={() => { setDraft(name ?? ""); setSaved(false); setProblem(null); setEditing(true); }}>{t("rename")}</button>
        {saved ? <span role="status" class="ok">✓ {t("name_saved")}</span> : null}
      </div>
    );
  }
  return (
    <form class="stack" onSubmit={save} aria-labelledby="batch-title">
      <h1 id="batch-title" class="sr-only">{name ?? `${t("batch_title")}: ${fallback}`}</h1>
      <div class="row">
        <label>{t("batch_name")} <input name="batch-name" value={draft} maxLength={MAX_BATCH_NAME} required autoFocus
          onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)} /></label>
        <button type="submit" disabled={busy}>{t("save_name")}</button>
        <button type="button" class="secondary" onClick={() => setEditing(false)}>{t("cancel")}</button>
      </div>
      <ErrorNote problem={problem} />
    </form>
  );
}
