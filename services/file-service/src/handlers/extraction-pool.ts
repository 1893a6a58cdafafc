import { fileFailure, FileErrorCode } from "../domain/file-error-codes.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { EssayFileReading, EssayFileReadOptions } from "./read-essay-file.ts";

export interface ReadRequest {
  id: number;
  fileName: string;
  bytes: Uint8Array;
  options: EssayFileReadOptions;
}
export interface ReadReply {
  id: number;
  reading: EssayFileReading;
}
/** Posted once by a worker when its modules are loaded. */
export interface WorkerReady {
  ready: true;
}

export interface ExtractionPoolOptions {
  /** Worker threads at most; files beyond that wait their turn. */
  size: number;
  /** A worker that has not answered by then is terminated and the file is EXTRACTION_TIMEOUT. */
  timeoutMs: number;
  readOptions: EssayFileReadOptions;
  logger: Logger;
  /** The worker script; tests point this at a stand-in. */
  workerUrl?: string;
  /** How long a new worker may take to load its modules. */
  startTimeoutMs?: number;
}

export interface ExtractionPool {
  /**
   * Read one file in a worker. Resolves with a file-level outcome (including timeouts and a
   * worker that died on the file); rejects only when no worker can be started or the pool stops.
   */
  read(fileName: string, bytes: Uint8Array): Promise<EssayFileReading>;
  stop(): Promise<void>;
}

interface Job {
  fileName: string;
  bytes: Uint8Array;
  resolve(reading: EssayFileReading): void;
  reject(err: Error): void;
}

const DEFAULT_WORKER_URL = new URL("./extraction-worker.ts", import.meta.url).href;

/**
 * Worker threads that read uploaded files, one file per worker at a time: a hostile file can use
 * up its own worker's time and memory, never the server's event loop.
 * @example const pool = createExtractionPool({ size: 4, timeoutMs: 12_000, readOptions, logger })
 */
export function createExtractionPool(options: ExtractionPoolOptions): ExtractionPool {
  const workerUrl = options.workerUrl ?? DEFAULT_WORKER_URL;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const idle: Worker[] = [];
  const live = new Set<Worker>();
  const queue: Job[] = [];
  /** Abort the file a busy worker is reading. */
  const running = new Map<Worker, (err: Error) => void>();
  let starting = 0;
  let nextId = 1;
  let stopped = false;

  function discard(worker: Worker): void {
    live.delete(worker);
    worker.terminate();
  }

  function startWorker(): Promise<Worker> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(workerUrl);
      const fail = (reason: string) => {
        clearTimeout(timer);
        worker.terminate();
        reject(new Error(`extraction worker failed to start: ${reason}`));
      };
      const timer = setTimeout(() => fail("timed out"), startTimeoutMs);
      worker.onerror = (event) => fail(event.message);
      worker.onmessage = (event: MessageEvent<WorkerReady>) => {
        if (!event.data.ready) return;
        clearTimeout(timer);
        live.add(worker);
        // An idle worker that fails is dropped; a busy one's handlers are set per file in run().
        worker.onerror = () => {
          const at = idle.indexOf(worker);
          if (at >= 0) idle.splice(at, 1);
          discard(worker);
        };
        resolve(worker);
      };
    });
  }

  function run(worker: Worker, job: Job): void {
    const id = nextId++;
    let settled = false;
    const finish = (outcome: EssayFileReading | Error, healthy: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      running.delete(worker);
      worker.removeEventListener("close", onClose);
      if (healthy && !stopped) idle.push(worker);
      else discard(worker);
      if (outcome instanceof Error) job.reject(outcome);
      else job.resolve(outcome);
      dispatch();
    };
    running.set(worker, (err) => finish(err, false));
    const timer = setTimeout(() => {
      options.logger.warn("extraction worker timed out; terminating it", { file_name: job.fileName, timeout_ms: options.timeoutMs });
      finish(fileFailure(FileErrorCode.EXTRACTION_TIMEOUT, `Reading the file took longer than ${options.timeoutMs} ms.`), false);
    }, options.timeoutMs);
    // A worker that dies on a file (uncaught error, exit) failed on that file, not on startup.
    const died = () => {
      options.logger.warn("extraction worker died reading a file", { file_name: job.fileName });
      finish(fileFailure(FileErrorCode.EXTRACTION_FAILED, "The file could not be processed."), false);
    };
    const onClose = () => died();
    worker.addEventListener("close", onClose);
    worker.onerror = () => died();
    worker.onmessage = (event: MessageEvent<ReadReply>) => {
      if (event.data.id === id) finish(event.data.reading, true);
    };
    worker.postMessage({ id, fileName: job.fileName, bytes: job.bytes, options: options.readOptions } satisfies ReadRequest);
  }

  function dispatch(): void {
    while (!stopped && queue.length > 0) {
      const worker = idle.pop();
      if (worker) {
        run(worker, queue.shift() as Job);
        continue;
      }
      // Start a worker per waiting file, up to the pool size; a started worker takes the next file.
      if (live.size + starting >= options.size || starting >= queue.length) return;
      starting++;
      startWorker().then(
        (started) => {
          starting--;
          if (stopped) return discard(started);
          idle.push(started);
          dispatch();
        },
        (err: Error) => {
          starting--;
          options.logger.error("extraction worker could not start", { error: err });
          // The service is broken, not the file: fail the oldest waiting file without an outcome.
          queue.shift()?.reject(err);
          dispatch();
        },
      );
    }
  }

  return {
    read(fileName, bytes) {
      if (stopped) return Promise.reject(new Error("extraction pool stopped"));
      return new Promise((resolve, reject) => {
        queue.push({ fileName, bytes, resolve, reject });
        dispatch();
      });
    },
    async stop() {
      stopped = true;
      const stopping = new Error("extraction pool stopped");
      for (const job of queue.splice(0)) job.reject(stopping);
      for (const abort of [...running.values()]) abort(stopping);
      for (const worker of [...live]) discard(worker);
      idle.length = 0;
    },
  };
}
