// Runs in a Worker (see harper-off-thread.ts): Harper's WASM blocks the thread it runs on.
// "counts" lints with the scoring rules (no spell check), "issues" with every rule, as nlp reports them.
import { createHarperCounter, harperIssuesOf, harperLinter } from "./harper-grammar.ts";

declare const self: Worker;
const count = createHarperCounter();
const fullLinter = harperLinter();

type Request = { id: number; text: string; kind?: "counts" | "issues" };

self.onmessage = async (event: MessageEvent<Request>) => {
  const { id, text, kind = "counts" } = event.data;
  try {
    if (kind === "issues") self.postMessage({ id, issues: await harperIssuesOf(await fullLinter(), text) });
    else self.postMessage({ id, counts: await count(text) });
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
