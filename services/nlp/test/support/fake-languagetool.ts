/**
 * A local server speaking LanguageTool's POST /v2/check protocol (form-encoded text and language,
 * JSON matches). It flags "dom" as a grammar error ("de" or "dem" meant) and "i think" as casing,
 * and records the requests it got.
 */
export interface FakeLanguageTool {
  readonly url: string;
  readonly requests: Array<{ text: string; language: string }>;
  /** Make the next answers fail with this status, or answer a malformed body. */
  mode: "ok" | "error" | "malformed" | "slow";
  stop(): Promise<void>;
}

export function startFakeLanguageTool(): FakeLanguageTool {
  const requests: Array<{ text: string; language: string }> = [];
  const fake: FakeLanguageTool = {
    url: "",
    requests,
    mode: "ok",
    stop: async () => server.stop(true),
  };
  const server = Bun.serve({
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      if (req.method !== "POST" || url.pathname !== "/v2/check") return new Response("not found", { status: 404 });
      if (!(req.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
        return new Response("form expected", { status: 400 });
      }
      const form = new URLSearchParams(await req.text());
      const text = form.get("text") ?? "";
      const language = form.get("language") ?? "";
      requests.push({ text, language });
      if (fake.mode === "error") return new Response("Error: internal", { status: 500 });
      if (fake.mode === "malformed") return Response.json({ matches: [{ offset: "x" }] });
      if (fake.mode === "slow") await Bun.sleep(2000);
      const matches = [];
      for (const m of text.matchAll(/\bdom\b/g)) {
        matches.push({
          message: "Troligen menas 'de' eller 'dem'.", offset: m.index, length: 3,
          replacements: [{ value: "de" }, { value: "dem" }],
          rule: { id: "DE_DEM", issueType: "grammar", category: { id: "GRAMMAR", name: "Grammatik" } },
        });
      }
      for (const m of text.matchAll(/\bi think\b/g)) {
        matches.push({
          message: "Capitalise 'I'.", offset: m.index, length: 1, replacements: [{ value: "I" }],
          rule: { id: "I_LOWERCASE", issueType: "typographical", category: { id: "CASING", name: "Capitalization" } },
        });
      }
      return Response.json({ software: { name: "LanguageTool", version: "fake" }, language: { code: language }, matches });
    },
  });
  (fake as { url: string }).url = `http://127.0.0.1:${server.port}`;
  return fake;
}
