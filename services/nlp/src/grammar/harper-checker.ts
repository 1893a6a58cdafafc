import { harperIssuesOf, harperLinter } from "@shared/text-analysis/harper-grammar.ts";
import { createOffThreadHarper } from "@shared/text-analysis/harper-off-thread.ts";
import type { GrammarChecker } from "./grammar-checker.ts";

export interface HarperCheckerOptions {
  /** "main" lints on the service's own thread; "worker" on a worker thread (see harper-off-thread.ts). */
  readonly thread?: "main" | "worker";
  /** With "worker": stop the worker after this long without a text (0: keep it), giving back its memory. */
  readonly idleMs?: number;
}

/**
 * Harper (WASM, offline, English only). Setup compiles the binary, about 2–3 s, once per process
 * (once per worker start with "worker"); a 400-word essay then takes some tens of milliseconds.
 */
export function createHarperChecker(options: HarperCheckerOptions = {}): GrammarChecker {
  if (options.thread === "worker") {
    const offThread = createOffThreadHarper({ idleMs: options.idleMs ?? 0 });
    return { name: "harper", check: (text) => offThread.issues(text) };
  }
  // Setup and the mapping of lint kinds are shared with the local judge's grammar feature.
  const ready = harperLinter();
  return { name: "harper", check: async (text) => harperIssuesOf(await ready(), text) };
}
