// Runs in a Worker (see harper-off-thread.ts): Harper's WASM blocks the thread it runs on.
import { createHarperCounter } from "./harper-grammar.ts";

declare const self: Worker;
const count = createHarperCounter();

self.onmessage = async (event: MessageEvent<{ id: number; text: string }>) => {
  const { id, text } = event.data;
  try {
    self.postMessage({ id, counts: await count(text) });
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
