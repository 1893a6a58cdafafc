import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import type { ApiProblem } from "../api/session.ts";
import { PIPELINES, type PipelineEstimate, type PipelineName } from "../api/types.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/i18n.ts";
import { denialSentence } from "./denial.ts";

/** Pick a pipeline, see its estimated cost, confirm; refusals come back as sentences. */
export function PipelineRunner({ batchId, essays, denial }: { batchId: string; essays: number; denial: { reason: string | null; message: string } | null }) {
  const { t } = useI18n();
  const [pipeline, setPipeline] = useState<PipelineName>("comprehensive");
  const [estimate, setEstimate] = useState<PipelineEstimate | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [requested, setRequested] = useState(false);
  useEffect(() => {
    setEstimate(null);
    // A slower answer for the pipeline chosen before must not overwrite the current one's.
    let current = true;
    void api.POST("/v1/batches/{batch_id}/pipelines/estimate", { params: { path: { batch_id: batchId } }, body: { requested_pipeline: pipeline } })
      .then(({ data }) => { if (current) setEstimate(data ?? null); });
    return () => { current = false; };
  }, [batchId, pipeline, essays, requested]);
  useEffect(() => { if (denial) setRefusal(denialSentence(t, denial.reason, denial.message)); }, [denial, t]);

  const detail = (estimate?.needs ?? []).map((n) => `${n.quantity} ${n.resource === "cj_comparison" ? t("unit_comparisons") : t("unit_feedback")}`).join(" + ");
  const run = async (e: Event) => {
    e.preventDefault();
    setRefusal(null);
    setRequested(false);
    const { response, error } = await api.POST("/v1/batches/{batch_id}/pipelines", { params: { path: { batch_id: batchId } }, body: { requested_pipeline: pipeline } });
    if (response.status === 202) return setRequested(true);
    const problem = error as ApiProblem | undefined;
    setRefusal(denialSentence(t, problem?.details?.reason as string | undefined, problem?.message));
  };
  return (
    <form class="stack runner" onSubmit={run} aria-labelledby="run-title">
      <h2 id="run-title">{t("run_pipeline")}</h2>
      <fieldset>
        <legend>{t("pipeline")}</legend>
        <div class="choices">{PIPELINES.map((p) => (
          <label key={p} class="choice"><input type="radio" name="pipeline" value={p} checked={pipeline === p} onChange={() => setPipeline(p)} /> {t(`pipeline_${p}` as MessageKey)}</label>
        ))}</div>
      </fieldset>
      <p data-testid="estimate" aria-live="polite">{!estimate ? t("loading") : estimate.credits === 0 ? t("estimate_free") : t("estimate", { cost: estimate.credits, detail, balance: estimate.balance })}
        {estimate && !estimate.enough ? <strong class="warn"> ⚠ {t("denial_insufficient_credits")}</strong> : null}</p>
      {refusal ? <div class="error" role="alert" data-testid="denial"><strong>⚠</strong> {refusal}</div> : null}
      {requested && !refusal ? <p role="status" class="ok">✓ {t("run_requested")}</p> : null}
      <button type="submit">{t("confirm_run")}</button>
    </form>
  );
}
