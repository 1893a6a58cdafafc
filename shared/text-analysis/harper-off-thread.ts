import type { GrammarIssue } from "../contracts/grammar.ts";
import type { HarperCategoryCounts, HarperCounter } from "./harper-grammar.ts";

type Reply = { id: number; counts?: HarperCategoryCounts; issues?: GrammarIssue[]; error?: string };
type Waiting = { resolve: (reply: Reply) => void; reject: (e: Error) => void };

export interface OffThreadHarperOptions {
  /**
   * Stop the worker once nothing has been asked of it for this long (0: keep it). Harper's WASM
   * holds about 250–300 MB; a stopped worker gives it back, and the next text starts a new worker
   * (setup again, 2–3 s).
   */
  readonly idleMs?: number;
}

export interface OffThreadHarper {
  /** Findings per category with the scoring rules (as createHarperCounter). */
  counts: HarperCounter;
  /** Every finding with every rule (as harperIssuesOf). */
  issues: (text: string) => Promise<GrammarIssue[]>;
  /** Whether a worker is running now. */
  running: () => boolean;
  /** Stop the worker now; texts still waiting fail. */
  stop: () => void;
}

/**
 * Harper on a worker thread: its setup (seconds) and linting (tens to hundreds of ms an essay)
 * would otherwise block the event loop of the process, which in the single-process stack is every
 * service's. The worker does not keep the process alive.
 * @example (await createOffThreadHarper({ idleMs: 60_000 }).issues("This is a apple.")).length // 1
 */
export function createOffThreadHarper(options: OffThreadHarperOptions = {}): OffThreadHarper {
  const idleMs = options.idleMs ?? 0;
  let worker: Worker | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let nextId = 0;
  const pending = new Map<number, Waiting>();
  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  const stop = () => {
    clearTimeout(idleTimer);
    worker?.terminate();
    worker = undefined;
    failAll(new Error("Harper worker stopped"));
  };
  const armIdleTimer = () => {
    if (idleMs <= 0 || pending.size > 0) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => pending.size === 0 && stop(), idleMs);
    (idleTimer as { unref?: () => void }).unref?.();
  };
  const start = (): Worker => {
    const created = new Worker(new URL("./harper-worker.ts", import.meta.url).href);
    // Bun's Worker has unref(); the DOM typings do not know it.
    (created as Worker & { unref?: () => void }).unref?.();
    created.onmessage = (event: MessageEvent<Reply>) => {
      const waiting = pending.get(event.data.id);
      pending.delete(event.data.id);
      if (event.data.error === undefined) waiting?.resolve(event.data);
      else waiting?.reject(new Error(`Harper: ${event.data.error}`));
      armIdleTimer();
    };
    created.onerror = (event) => {
      // A dead worker fails what it held; the next text starts a new one.
      worker = undefined;
      failAll(new Error(`Harper worker failed: ${event.message}`));
    };
    return created;
  };
  const ask = (text: string, kind: "counts" | "issues") =>
    new Promise<Reply>((resolve, reject) => {
      clearTimeout(idleTimer);
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, text, kind });
    });
  return {
    counts: async (text) => {
      const reply = await ask(text, "counts");
      if (!reply.counts) throw new Error("Harper: no counts");
      return reply.counts;
    },
    issues: async (text) => (await ask(text, "issues")).issues ?? [],
    running: () => worker !== undefined,
    stop,
  };
}

/**
 * The same counts as createHarperCounter, computed on a worker thread that is kept.
 * @example (await createOffThreadHarperCounter()("This is a apple.")).grammar // 1
 */
export function createOffThreadHarperCounter(): HarperCounter {
  return createOffThreadHarper().counts;
}
