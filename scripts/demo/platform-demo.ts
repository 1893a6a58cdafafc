import type { Stack } from "../stack/launcher.ts";

export type Say = (line: string) => void;

/** Issue 2 stage: store content, resolve a pipeline, show prompt gating both ways. */
export async function platformDemo(stack: Stack, say: Say): Promise<void> {
  const key = stack.env.HULEEDU_INTERNAL_API_KEY as string;
  const headers = { "X-Internal-API-Key": key, "Content-Type": "application/json" };
  const content = stack.urls["content-service"] as string;
  const bcs = stack.urls["batch-conductor"] as string;

  const prompt = "Should schools ban mobile phones? Argue for or against with examples.";
  const stored = (await (await fetch(`${content}/v1/content`, { method: "POST", body: prompt, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } })).json()) as { storage_id: string; sha256: string };
  say(`content-service stored the student prompt: storage_id=${stored.storage_id} sha256=${stored.sha256.slice(0, 16)}…`);
  const back = await (await fetch(`${content}/v1/content/${stored.storage_id}`, { headers })).text();
  say(`  read back: "${back.slice(0, 50)}…"`);

  const define = async (pipeline: string, promptAttached: boolean) => {
    const res = await fetch(`${bcs}/internal/v1/pipelines/define`, {
      method: "POST", headers,
      body: JSON.stringify({ batch_id: "demo-batch", requested_pipeline: pipeline, correlation_id: crypto.randomUUID(), batch_metadata: { prompt_attached: promptAttached } }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const ok = await define("comprehensive", true);
  say(`batch-conductor resolved "comprehensive" (prompt attached): ${JSON.stringify(ok.body.final_pipeline)}`);
  const denied = await define("cj_assessment", false);
  say(`batch-conductor refused "cj_assessment" without a prompt: HTTP ${denied.status} ${denied.body.error_code} (${JSON.stringify(denied.body.details)})`);
}
