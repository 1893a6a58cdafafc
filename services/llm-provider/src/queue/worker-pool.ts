import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { RequestRepository, RequestRow, TakeCompanions } from "../db/request-repository.ts";
import { RequestKind } from "../db/request-states.ts";
import { answerRequests } from "./answer-requests.ts";
import { callBundle } from "./call-bundle.ts";
import type { Answered, CallDeps } from "./call-single.ts";
import type { LpsMetrics } from "./lps-metrics.ts";
import { emitResult, errorResult, NO_USAGE, ResultErrorCode, statusOf } from "./result-events.ts";

export interface WorkerPoolOptions {
  repo: RequestRepository;
  uow: UnitOfWork;
  metrics: LpsMetrics;
  logger: Logger;
  call: CallDeps;
  /** Calls in flight at once; a bundle is one call. */
  concurrency: number;
  /** Serial bundling size for vendor comparisons; 1 = off. */
  bundleSize: number;
  /**
   * Local-judge requests a worker takes at once (called one after the other, answered in one
   * transaction): the judge runs in-process, so a take per request cost more than its verdict.
   */
  localBatchSize?: number;
  /** Idle workers look again, and expired requests are answered, this often. */
  pollMs: number;
  now?: () => number;
}

export const DEFAULT_LOCAL_BATCH = 32;

/** A request taken this often without being answered (crashes, aborted stops) is answered with an error instead. */
export const MAX_TAKES = 5;

export interface WorkerPool {
  start(): void;
  /** New work was queued. */
  wake(): void;
  /** Answer every queued request whose expiry has passed; how many were. */
  expireDue(): number;
  /** Stop taking work; give in-flight calls `graceMs`, then abort them (their requests are requeued). */
  stop(graceMs: number): Promise<void>;
}

/**
 * `concurrency` workers, each taking the most urgent unexpired request (or a bundle of compatible
 * ones) atomically from the SQLite queue, calling its provider and answering through the outbox.
 */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const { repo, uow, metrics, logger } = options;
  const now = options.now ?? Date.now;
  let running = false;
  let loops: Promise<void>[] = [];
  let sweepTimer: ReturnType<typeof setInterval> | undefined;
  const waiting = new Set<() => void>();
  const controllers = new Set<AbortController>();

  const companions = (head: RequestRow): TakeCompanions => {
    if (head.provider === "local") return { limit: options.localBatchSize ?? DEFAULT_LOCAL_BATCH, with: "kind" };
    return { limit: head.kind === RequestKind.COMPARISON && head.bundleKey ? options.bundleSize : 1, with: "bundle" };
  };

  function wake(): void {
    for (const resolve of waiting) resolve();
    waiting.clear();
  }

  function idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, options.pollMs);
      waiting.add(done);
    });
  }

  function refreshDepth(): void {
    metrics.queueDepth(repo.queueDepth());
  }

  const answer = (answered: Answered[]): void => void answerRequests({ repo, uow, metrics, logger, now }, answered);

  /** Requests that keep coming back (they crashed or stalled the process before) are not called again. */
  function giveUp(rows: RequestRow[]): Answered[] {
    return rows.map((row) => {
      const error = { code: "PROCESSING_ERROR", message: `request was taken ${row.takes} times without being answered; giving up`, retryable: true };
      return { row, result: errorResult(row.requestId, row.payload, { provider: row.provider, model: row.model, usage: NO_USAGE, costUsd: 0, latencyMs: 0 }, error) };
    });
  }

  function expireDue(): number {
    const nowMs = now();
    // The sweep runs every poll: without anything due it costs one index probe, not a write transaction.
    if (!repo.anyDueForExpiry(nowMs)) return 0;
    const at = new Date(nowMs).toISOString();
    const expired = uow.run((tx, emit) => {
      const due = repo.dueForExpiry(tx, nowMs);
      return due.filter((row) => {
        const queuedMs = nowMs - row.enqueuedAtMs;
        const error = { code: ResultErrorCode.EXPIRED, message: `request expired at ${new Date(row.expiresAtMs ?? nowMs).toISOString()} after ${queuedMs} ms in the queue, before any provider call`, retryable: false };
        const result = errorResult(row.requestId, row.payload, { provider: row.provider, model: row.model, usage: NO_USAGE, costUsd: 0, latencyMs: 0 }, error);
        if (!repo.markAnswered(tx, row.requestId, statusOf(result), result, at)) return false;
        emitResult(emit, row.kind, row.correlationId, result);
        return true;
      });
    });
    if (expired.length > 0) {
      metrics.expired(expired.length);
      for (let i = 0; i < expired.length; i++) metrics.result("error", ResultErrorCode.EXPIRED);
      logger.warn("requests expired in the queue; answered EXPIRED", { request_ids: expired.map((r) => r.requestId) });
      refreshDepth();
    }
    return expired.length;
  }

  async function work(taken: RequestRow[]): Promise<void> {
    const controller = new AbortController();
    controllers.add(controller);
    const rows = taken.filter((row) => row.takes <= MAX_TAKES);
    try {
      answer(giveUp(taken.filter((row) => row.takes > MAX_TAKES)));
      const outcome = rows.length > 0 ? await callBundle(options.call, rows, controller.signal) : { answered: [], aborted: [] };
      repo.requeue(outcome.aborted.map((r) => r.requestId));
      answer(outcome.answered);
    } catch (err) {
      // Our own failure (e.g. the database): put the requests back rather than lose them.
      logger.error("processing taken requests failed; requeued", { error: err, request_ids: taken.map((r) => r.requestId) });
      try {
        repo.requeue(taken.map((r) => r.requestId));
      } catch (requeueError) {
        logger.error("requeue failed; the requests return to the queue at the next start", { error: requeueError });
      }
      await Bun.sleep(options.pollMs);
    } finally {
      controllers.delete(controller);
    }
  }

  async function loop(): Promise<void> {
    while (running) {
      let rows: RequestRow[] = [];
      try {
        rows = repo.take(now(), companions);
      } catch (err) {
        logger.error("taking from the queue failed", { error: err });
      }
      if (rows.length === 0) {
        await idle();
        continue;
      }
      refreshDepth();
      await work(rows);
    }
  }

  return {
    wake,
    expireDue,
    start() {
      if (running) return;
      running = true;
      const orphans = repo.requeueOrphans();
      if (orphans > 0) logger.warn("requests in flight when this instance last stopped were requeued", { count: orphans });
      expireDue();
      refreshDepth();
      sweepTimer = setInterval(() => {
        try {
          expireDue();
          refreshDepth();
        } catch (err) {
          logger.error("expiry sweep failed", { error: err });
        }
      }, options.pollMs);
      loops = Array.from({ length: options.concurrency }, () => loop());
    },
    async stop(graceMs) {
      if (!running) return;
      running = false;
      clearInterval(sweepTimer);
      wake();
      const all = Promise.all(loops);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      });
      const finished = await Promise.race([all.then(() => true), grace]);
      clearTimeout(timer);
      if (!finished) {
        logger.warn("in-flight calls did not finish within the grace period; aborting and requeueing", { in_flight: controllers.size, grace_ms: graceMs });
        for (const controller of controllers) controller.abort(new Error("llm-provider is stopping"));
        await all;
      }
    },
  };
}
