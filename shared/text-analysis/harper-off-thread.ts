import type { HarperCategoryCounts, HarperCounter } from "./harper-grammar.ts";

type Reply = { id: number; counts?: HarperCategoryCounts; error?: string };

/**
 * The same counts as createHarperCounter, computed on a worker thread: Harper's setup (seconds)
 * and its linting (tens to hundreds of ms an essay) would otherwise block a service's event loop.
 * The worker does not keep the process alive.
 * @example (await createOffThreadHarperCounter()("This is a apple.")).grammar // 1
 */
export function createOffThreadHarperCounter(): HarperCounter {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (c: HarperCategoryCounts) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    const created = new Worker(new URL("./harper-worker.ts", import.meta.url).href);
    // Bun's Worker has unref(); the DOM typings do not know it.
    (created as Worker & { unref?: () => void }).unref?.();
    created.onmessage = (event: MessageEvent<Reply>) => {
      const waiting = pending.get(event.data.id);
      pending.delete(event.data.id);
      if (event.data.counts) waiting?.resolve(event.data.counts);
      else waiting?.reject(new Error(`Harper: ${event.data.error ?? "no counts"}`));
    };
    created.onerror = (event) => {
      // A dead worker fails what it held; the next count starts a new one.
      for (const waiting of pending.values()) waiting.reject(new Error(`Harper worker failed: ${event.message}`));
      pending.clear();
      worker = undefined;
    };
    return created;
  };
  return (text) =>
    new Promise<HarperCategoryCounts>((resolve, reject) => {
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, text });
    });
}
