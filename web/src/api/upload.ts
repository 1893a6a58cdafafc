import type { FileUploadResult } from "./types.ts";
import { accessToken, problemFrom, refreshSession, type ApiProblem } from "./session.ts";

/**
 * Upload essay files to a batch as multipart form data, with progress (XMLHttpRequest: fetch has no
 * upload progress). A 401 renews the token once and retries.
 */
export async function uploadBatchFiles(batchId: string, files: File[], onProgress: (fraction: number) => void): Promise<FileUploadResult | ApiProblem> {
  const idempotencyKey = crypto.randomUUID();
  const send = () => new Promise<Response>((resolve, reject) => {
    const form = new FormData();
    form.set("batch_id", batchId);
    for (const f of files) form.append("files", f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/v1/files/batch");
    const token = accessToken();
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.setRequestHeader("Idempotency-Key", idempotencyKey);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => resolve(new Response(xhr.responseText, { status: xhr.status, headers: { "Content-Type": "application/json" } }));
    xhr.onerror = () => reject(new Error("network error during upload"));
    xhr.send(form);
  });
  let res = await send();
  if (res.status === 401 && (await refreshSession())) res = await send();
  if (res.status !== 202) return problemFrom(res);
  onProgress(1);
  return (await res.json()) as FileUploadResult;
}
