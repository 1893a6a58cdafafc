import type { GatewayClient, StackHandle } from "./e2e-stack.ts";
import { eventually } from "./e2e-stack.ts";
import { uploadFiles, type Teacher } from "./teachers.ts";

type PromptRef = { references: { student_prompt_text: { storage_id: string } } };

/** Register a batch through the gateway, upload `essays` as .txt files and wait until it is ready. */
export async function readyBatch(e2e: StackHandle, teacher: Teacher, essays: string[], options: { prompt?: PromptRef; course?: string; name?: string } = {}): Promise<string> {
  const api = e2e.client(teacher.token);
  const { data, response } = await api.POST("/v1/batches/register", {
    body: {
      expected_essay_count: essays.length, course_code: options.course ?? "ENG5",
      essay_instructions: "Write an argumentative essay about mobile phones in schools.",
      ...(options.prompt ? { student_prompt_ref: options.prompt } : {}),
      ...(options.name ? { name: options.name } : {}),
    },
  });
  if (response.status !== 201 || !data) throw new Error(`registration failed: ${response.status}`);
  const upload = await uploadFiles(e2e, teacher.token, data.batch_id, essays.map((text, i) => ({ name: `essay-${i + 1}.txt`, bytes: text, type: "text/plain" })));
  if (upload.status !== 202) throw new Error(`upload failed: ${upload.status} ${JSON.stringify(upload.body)}`);
  await waitForStatus(api, data.batch_id, ["READY_FOR_PIPELINE_EXECUTION"]);
  return data.batch_id;
}

export async function waitForStatus(api: GatewayClient, batchId: string, statuses: string[], timeoutMs = 60_000): Promise<string> {
  return eventually(`batch ${batchId} in ${statuses.join("|")}`, async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}", { params: { path: { batch_id: batchId } } });
    return data && statuses.includes(data.status) ? data.status : undefined;
  }, timeoutMs);
}
