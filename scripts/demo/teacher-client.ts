/** A thin HTTP + WebSocket client for the public API, as a teacher's app would use it. */
export interface TeacherClient {
  token: string;
  userId: string;
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  upload(batchId: string, files: { name: string; text: string }[]): Promise<{ status: number; body: Record<string, unknown> }>;
  listen(onMessage: (n: { type: string; batch_id: string; data: Record<string, unknown> }) => void): () => void;
}

export async function signIn(identityUrl: string, gatewayUrl: string, email: string): Promise<TeacherClient> {
  const password = "demo password 2026!";
  const json = { "Content-Type": "application/json" };
  await fetch(`${identityUrl}/v1/auth/register`, { method: "POST", headers: json, body: JSON.stringify({ email, password }) });
  const login = await fetch(`${identityUrl}/v1/auth/login`, { method: "POST", headers: json, body: JSON.stringify({ email, password }) });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const me = (await (await fetch(`${identityUrl}/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { user_id: string };
  const auth = { Authorization: `Bearer ${token}` };
  return {
    token,
    userId: me.user_id,
    async call(method, path, body) {
      const res = await fetch(`${gatewayUrl}${path}`, { method, headers: { ...auth, ...json }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: res.status, body: (await res.json().catch(() => ({}))) as never };
    },
    async upload(batchId, files) {
      const form = new FormData();
      form.set("batch_id", batchId);
      for (const f of files) form.append("files", new File([f.text], f.name, { type: "text/plain" }));
      const res = await fetch(`${gatewayUrl}/v1/files/batch`, { method: "POST", headers: auth, body: form });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    listen(onMessage) {
      const ws = new WebSocket(`${gatewayUrl.replace(/^http/, "ws")}/v1/ws?token=${encodeURIComponent(token)}`);
      ws.addEventListener("message", (e) => {
        try {
          onMessage(JSON.parse(String(e.data)));
        } catch {
          /* ignore non-JSON frames */
        }
      });
      return () => ws.close();
    },
  };
}
