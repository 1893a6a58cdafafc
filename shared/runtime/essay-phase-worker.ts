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
  return on(phase.requestTopic, async (envelope, ctx) => {
    if (await deps.marks.isProcessed(envelope.event_id)) {
      ctx.logger.info(`${phase.name} request already processed; skipped`);
      return;
    }
    const job: EssayJob = { request: envelope.data, envelope, correlationId: envelope.correlation_id, logger: ctx.logger, content: deps.content };
    const result = await runJob(phase, job);
    await deps.publish(phase.resultTopic, {
      data: result, correlationId: envelope.correlation_id, eventId: resultEventIdFor(deps.service, envelope.event_id),
      ...(envelope.metadata ? { metadata: envelope.metadata } : {}),
    });
    await deps.marks.mark(envelope.event_id);
    phase.completed(result, job);
  });
}

/** The job's result: success, or failed for unusable text or a throwing compute; anything else is thrown. */
async function runJob<S extends v.GenericSchema, P, C>(phase: EssayPhase<S, P, C>, job: EssayJob): Promise<v.InferInput<S>> {
  const { request, correlationId, logger } = job;
  const preparing = Promise.resolve().then(() => phase.prepare(job));
  preparing.catch(() => undefined); // awaited below unless the text never comes; then its failure is moot
  let text: string;
  try {
    text = await job.content.fetchText(request.text_storage_id, correlationId);
  } catch (err) {
    if (err instanceof UnusableContentError) return phase.failed(request, { code: err.code, message: err.message });
    throw err;
  }
  const prepared = await preparing;
  let computed: C;
  try {
    computed = await phase.compute(text, prepared, job);
  } catch (err) {
    logger.error(phase.computeFailure.log, { error: err });
    return phase.failed(request, { code: "PROCESSING_ERROR", message: phase.computeFailure.message });
  }
  return phase.succeeded(computed, job);
}
