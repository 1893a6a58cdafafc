import { Hono } from "hono";
import type { BatchResultsView, BatchStatusView, EssayResultView } from "@shared/contracts/batch-results.ts";
import { startFakeUpstream } from "./fake-upstream.ts";

const NOW = "2026-01-01T10:00:00.000Z";

/** A batch's views as RAS serves them (shared/contracts/batch-results.ts), with the test's overrides. */
export function rasViews(batchId: string, userId: string, over: { status?: Partial<BatchStatusView>; essays?: EssayResultView[] } = {}) {
  const status: BatchStatusView = {
    batch_id: batchId, user_id: userId, org_id: null, status: "AWAITING_CONTENT", results: { complete: true, pending_phases: [] },
    status_updated_at: NOW, course_code: null, language: null, essay_instructions: null, class_id: null, assignment_id: null,
    current_pipeline: null, last_pipeline: null, phases: [],
    counts: { expected_essays: null, essays: over.essays?.length ?? 0, provisioned: null, provisioning_failures: 0, essays_with_failures: 0 },
    denial: null, provisioning_failures: [], registered_at: NOW, seeded_from_bos_at: null, created_at: NOW, updated_at: NOW,
    name: null, cancellation: null, ...over.status,
  };
  const results: BatchResultsView = {
    batch_id: batchId, user_id: userId, status: status.status, results: status.results, current_pipeline: status.current_pipeline,
    cj_assessment: null, essays: over.essays ?? [], updated_at: NOW,
  };
  return { status, results };
}

/** An essay's result with nothing produced yet, with the test's overrides. */
export function essayResult(essayId: string, over: Partial<EssayResultView> = {}): EssayResultView {
  return {
    essay_id: essayId, file_name: null, file_upload_id: null, student_name: null, student_email: null, original_text_storage_id: null,
    current_text_storage_id: null, spellcheck: null, nlp: null, cj_assessment: null, ai_feedback: null, failures: [], ...over,
  };
}

/** RAS's batch view endpoints over views set by the test (`rasViews`). */
export function startFakeRas(internalApiKey: string) {
  const views = new Map<string, ReturnType<typeof rasViews>>();
  const app = new Hono();
  const missing = { error_code: "RESOURCE_NOT_FOUND", message: "No view", service: "result-aggregator" };
  app.get("/internal/v1/batches/:id/status", (c) => {
    const view = views.get(c.req.param("id"));
    return view ? c.json(view.status) : c.json(missing, 404);
  });
  app.get("/internal/v1/batches/:id/results", (c) => {
    const view = views.get(c.req.param("id"));
    return view ? c.json(view.results) : c.json(missing, 404);
  });
  return { ...startFakeUpstream(app, { internalApiKey, keyPrefix: "/internal" }), views };
}
