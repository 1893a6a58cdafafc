import { useState } from "preact/hooks";
import { api } from "../api/client.ts";
import type { ApiProblem } from "../api/session.ts";
import type { AnchorSet } from "../api/types.ts";
import { ErrorNote } from "../components/ErrorNote.tsx";
import { useI18n } from "../i18n/i18n.ts";

const SCALES = ["swedish_a_f", "swedish_8_anchor", "eng5_np_legacy_9_step", "numeric_1_5"];

/** Add graded anchor essays to an assignment and list the ones it has. */
export function AnchorsPage() {
  const { t } = useI18n();
  const [assignment, setAssignment] = useState("");
  const [scale, setScale] = useState(SCALES[0] as string);
  const [grade, setGrade] = useState("");
  const [text, setText] = useState("");
  const [set, setSet] = useState<AnchorSet | null>(null);
  const [empty, setEmpty] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | string | null>(null);
  const [saved, setSaved] = useState(false);
  const path = () => ({ params: { path: { assignment_id: assignment.trim() } } });

  const list = async () => {
    setProblem(null);
    if (!assignment.trim()) return setProblem(t("field_required", { field: t("assignment") }));
    const { data, response, error } = await api.GET("/v1/assignments/{assignment_id}/anchors", path());
    setEmpty(response.status === 404);
    setSet(data ?? null);
    if (!data && response.status !== 404) setProblem(error as ApiProblem);
  };
  const add = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    setProblem(null);
    if (!assignment.trim()) return setProblem(t("field_required", { field: t("assignment") }));
    const { data, error } = await api.POST("/v1/assignments/{assignment_id}/anchors", { ...path(), body: { grade_scale: scale, anchors: [{ grade: grade.trim(), text }] } });
    if (!data) return setProblem(error as ApiProblem);
    setSet(data);
    setEmpty(false);
    setSaved(true);
    setText("");
  };
  return (
    <section aria-labelledby="anchors-title" class="stack">
      <h1 id="anchors-title">{t("anchors_title")}</h1>
      <p>{t("anchors_intro")}</p>
      <form class="stack" onSubmit={add}>
        <label>{t("assignment")}<input value={assignment} required onInput={(e) => setAssignment((e.currentTarget as HTMLInputElement).value)} /></label>
        <button type="button" class="secondary" onClick={() => void list()}>{t("list_anchors")}</button>
        <label>{t("grade_scale")}<select value={scale} onChange={(e) => setScale((e.currentTarget as HTMLSelectElement).value)}>{SCALES.map((s) => <option key={s} value={s}>{s}</option>)}</select></label>
        <label>{t("grade")}<input value={grade} required maxLength={20} onInput={(e) => setGrade((e.currentTarget as HTMLInputElement).value)} /></label>
        <label>{t("anchor_text")}<textarea rows={6} value={text} required onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} /></label>
        <ErrorNote problem={problem} />
        {saved ? <p role="status" class="ok">✓ {t("saved")}</p> : null}
        <button type="submit">{t("add_anchor")}</button>
      </form>
      {empty ? <p>{t("anchors_none")}</p> : null}
      {set ? (
        <table data-testid="anchor-list">
          <caption>{set.assignment_id} · {set.grade_scale}</caption>
          <thead><tr><th scope="col">{t("grade")}</th><th scope="col">id</th><th scope="col">{t("anchor_text")}</th></tr></thead>
          <tbody>{set.anchors.map((a) => <tr key={a.anchor_id}><td>{a.grade}</td><td>{a.anchor_id}</td><td>{a.characters !== undefined ? t("characters", { n: a.characters }) : "—"}</td></tr>)}</tbody>
        </table>
      ) : null}
    </section>
  );
}
