import type * as v from "valibot";
import { on, type EventHandler } from "../bus/consumer.ts";
import type { ProcessedMarks } from "../bus/processed-marks.ts";
import { resultEventIdFor } from "../bus/result-event-id.ts";
import type { EventEnvelope } from "../contracts/envelope.ts";
import type { EssayProcessingRequest, EssayProcessingRequestSchema } from "../contracts/events/els.ts";
import type { Topic } from "../contracts/topics.ts";
import { UnusableContentError, type ContentClient } from "../http/content-client.ts";
import type { Logger } from "../observability/logger.ts";
import type { EventRuntime } from "./event-runtime.ts";

/** One essay request in hand. */
export interface EssayJob {
  request: EssayProcessingRequest;
  envelope: EventEnvelope<EssayProcessingRequest>;
  correlationId: string;
  /** The delivery's logger (carries the event id). */
  logger: Logger;
  /** Where the phase stores what its result refers to. */
  content: ContentClient;
}

/** An essay result's error: a machine-readable code and a human message. */
export interface EssayPhaseError {
  code: string;
  message: string;
}

/**
 * What one phase service gives: its compute and its result mapping. `P` is what the compute needs
 * besides the text (dictionaries, models, a class roster), `C` what it computes.
 */
export interface EssayPhase<S extends v.GenericSchema, P, C> {
  /** Names the skip log line: `<name> request already processed; skipped`. */
  name: string;
  requestTopic: Topic<typeof EssayProcessingRequestSchema>;
  resultTopic: Topic<S>;
  /** Started alongside the text's fetch, awaited once the text is in; a throw is retried. */
  prepare(job: EssayJob): Promise<P>;
  /** The computation over the text. A throw is a failed result (PROCESSING_ERROR): it would throw on every retry. */
  compute(text: string, prepared: P, job: EssayJob): C | Promise<C>;
  /** When `compute` throws: the error log line (with the error) and the failed result's message. */
  computeFailure: { log: string; message: string };
  /** Store what the result refers to and map the success; a throw (a content outage) is retried. */
  succeeded(computed: C, job: EssayJob): Promise<v.InferInput<S>>;
  /** The failed result: missing or unreadable text, or a compute that threw. */
  failed(request: EssayProcessingRequest, error: EssayPhaseError): v.InferInput<S>;
  /** After the result is published and the request marked: the phase's metrics and log line. */
  completed(result: v.InferInput<S>, job: EssayJob): void;
}

export interface EssayPhaseWorkerDeps {
  /** Derives the result's event id (`resultEventIdFor(service, request event id)`). */
  service: string;
  content: ContentClient;
  marks: ProcessedMarks;
  publish: EventRuntime["publish"];
}

/**
 * One essay per request event: skip a request already answered, fetch the essay's text, compute,
 * store, publish one result event (its id derived from the request's), then mark the request.
 *
 * - Missing or unreadable text (UnusableContentError) and a compute that throws are failed results.
 * - A content outage, a failing `prepare` or `succeeded`, or a failing publish is thrown: the bus
 *   retries, then dead-letters.
 * - Marked only after publishing: a crash in between computes the essay again and publishes again
 *   under the same result event id (ELS counts one result per essay), whereas marking first could
 *   lose the result for good.
 * @example return essayPhaseWorker({ service, content, marks, publish }, { name: "nlp", requestTopic, resultTopic, ... })
 */
export function essayPhaseWorker<S extends v.GenericSchema, P, C>(deps: EssayPhaseWorkerDeps, phase: EssayPhase<S, P, C>): EventHandler {
  const jobOf = (envelope: EventEnvelope<EssayProcessingRequest>, logger: Logger): EssayJob =>
    ({ request: envelope.data, envelope, correlationId: envelope.correlation_id, logger, content: deps.content });
  const skipped = (logger: Logger) => logger.info(`${phase.name} request already processed; skipped`);
  // Publish under the request's derived id, then mark: a crash in between publishes the same event again.
  const finish = async (job: EssayJob, outcome: Outcome<C, S>): Promise<void> => {
    const { envelope } = job;
    const result = "failed" in outcome ? outcome.failed : await phase.succeeded(outcome.computed, job);
    await deps.publish(phase.resultTopic, {
      data: result, correlationId: envelope.correlation_id, eventId: resultEventIdFor(deps.service, envelope.event_id),
      ...(envelope.metadata ? { metadata: envelope.metadata } : {}),
    });
    await deps.marks.mark(envelope.event_id);
    phase.completed(result, job);
  };

  return on(
    phase.requestTopic,
    async (envelope, ctx) => {
      if (await deps.marks.isProcessed(envelope.event_id)) return skipped(ctx.logger);
      const job = jobOf(envelope, ctx.logger);
      await finish(job, await computeJob(phase, job, await loadJob(phase, job)));
    },
    // Several requests of one read: their I/O (marks, text fetches, stores, publishes) overlaps the
    // computes, started in request order and at most two at a time. A throw (an outage) fails the
    // whole read after every started step has settled; the consumer then handles each entry alone,
    // and the marks skip the essays already answered.
    async (items) => {
      const processed = await Promise.all(items.map((item) => deps.marks.isProcessed(item.envelope.event_id)));
      items.forEach((item, k) => {
        if (processed[k]) skipped(item.ctx.logger);
      });
      const todo = items.filter((_, k) => !processed[k]);
      const jobs = todo.map((item) => jobOf(item.envelope, item.ctx.logger));
      const loads: Promise<Loaded<P, S>>[] = [];
      const load = (k: number) => {
        if (k >= jobs.length || loads[k]) return;
        const started = todo[k]!.inTrace(() => loadJob(phase, jobs[k]!));
        started.catch(() => undefined); // awaited in order below; a failure before its turn is moot
        loads[k] = started;
      };
      const finishing: Promise<void>[] = [];
      const computing: Promise<void>[] = [];
      const step = async (k: number): Promise<void> => {
        const loaded = await loads[k]!;
        const outcome = await todo[k]!.inTrace(() => computeJob(phase, jobs[k]!, loaded));
        const done = todo[k]!.inTrace(() => finish(jobs[k]!, outcome));
        done.catch(() => undefined); // awaited below
        finishing.push(done);
      };
      try {
        for (let k = 0; k < jobs.length; k++) {
          for (let ahead = k; ahead < k + PREFETCH; ahead++) load(ahead);
          const started = step(k);
          started.catch(() => undefined); // awaited below
          computing.push(started);
          // A compute that waits (a grammar check on a worker thread) lets the next one start.
          if (computing.length >= COMPUTES_IN_FLIGHT) await computing[computing.length - COMPUTES_IN_FLIGHT];
        }
      } finally {
        const settled = [...(await Promise.allSettled(computing)), ...(await Promise.allSettled(finishing))];
        const failure = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
        if (failure) throw failure.reason;
      }
    },
  );
}

/** Texts fetched ahead of the essay being computed, in a read of several requests. */
const PREFETCH = 8;
/** Computes started before the earlier ones end: two, so an awaiting compute overlaps the next. */
const COMPUTES_IN_FLIGHT = 2;

/** The text and what the compute needs, or the failed result when the text cannot be had. */
type Loaded<P, S extends v.GenericSchema> = { text: string; prepared: P } | { failed: v.InferInput<S> };

async function loadJob<S extends v.GenericSchema, P, C>(phase: EssayPhase<S, P, C>, job: EssayJob): Promise<Loaded<P, S>> {
  const preparing = Promise.resolve().then(() => phase.prepare(job));
  preparing.catch(() => undefined); // awaited below unless the text never comes; then its failure is moot
  let text: string;
  try {
    text = await job.content.fetchText(job.request.text_storage_id, job.correlationId);
  } catch (err) {
    if (err instanceof UnusableContentError) return { failed: phase.failed(job.request, { code: err.code, message: err.message }) };
    throw err;
  }
  return { text, prepared: await preparing };
}

/** What the compute gave, or the failed result (unusable text, a compute that threw). */
type Outcome<C, S extends v.GenericSchema> = { computed: C } | { failed: v.InferInput<S> };

async function computeJob<S extends v.GenericSchema, P, C>(phase: EssayPhase<S, P, C>, job: EssayJob, loaded: Loaded<P, S>): Promise<Outcome<C, S>> {
  if ("failed" in loaded) return loaded;
  try {
    return { computed: await phase.compute(loaded.text, loaded.prepared, job) };
  } catch (err) {
    job.logger.error(phase.computeFailure.log, { error: err });
    return { failed: phase.failed(job.request, { code: "PROCESSING_ERROR", message: phase.computeFailure.message }) };
  }
}
