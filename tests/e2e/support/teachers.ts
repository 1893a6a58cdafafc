import type { StackHandle } from "./e2e-stack.ts";

export interface Teacher {
  email: string;
  userId: string;
  token: string;
}

/** Register and log in a teacher through the identity service's public API. */
export async function signUpTeacher(e2e: StackHandle, orgId?: string): Promise<Teacher> {
  const identity = e2e.stack.urls.identity as string;
  const email = `teacher-${crypto.randomUUID().slice(0, 8)}@school.example`;
  const password = "correct horse battery staple";
  const reg = await fetch(`${identity}/v1/auth/register`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password, ...(orgId ? { org_id: orgId } : {}) }),
  });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${await reg.text()}`);
  const user = (await reg.json()) as { user_id: string };
  const login = await fetch(`${identity}/v1/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password }) });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const tokens = (await login.json()) as { access_token: string };
  return { email, userId: user.user_id, token: tokens.access_token };
}

/** Store a student prompt in the content service (internal API) and return its reference. */
export async function storePrompt(e2e: StackHandle, text: string): Promise<{ references: { student_prompt_text: { storage_id: string } } }> {
  const res = await fetch(`${e2e.stack.urls["content-service"]}/v1/content`, {
    method: "POST", body: text,
    headers: { "X-Internal-API-Key": e2e.stack.env.HULEEDU_INTERNAL_API_KEY as string, "Content-Type": "text/plain; charset=utf-8" },
  });
  const stored = (await res.json()) as { storage_id: string };
  return { references: { student_prompt_text: { storage_id: stored.storage_id } } };
}

/** Upload files through the gateway as multipart form data. */
export async function uploadFiles(e2e: StackHandle, token: string, batchId: string, files: { name: string; bytes: Uint8Array | string; type?: string }[]) {
  const form = new FormData();
  form.set("batch_id", batchId);
  for (const f of files) form.append("files", new File([f.bytes as BlobPart], f.name, { type: f.type ?? "application/octet-stream" }));
  const res = await fetch(`${e2e.gateway}/v1/files/batch`, { method: "POST", body: form, headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { files?: { file_name: string; accepted: boolean; error_code?: string }[]; error_code?: string } };
}
