import type { Emit, UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { Tx } from "@shared/db/database.ts";
import type { NewRequestRow, RequestRepository, ResultData } from "../db/request-repository.ts";
import { type QueuedPayload, RequestKind, type RequestStatus, RequestStatus as Status } from "../db/request-states.ts";
import type { LpsMetrics } from "../queue/lps-metrics.ts";
import type { ProviderRegistry } from "../queue/provider-registry.ts";
import { emitResult, errorResult, NO_USAGE, RESULT_TOPIC, type ResultError, ResultErrorCode, statusOf } from "../queue/result-events.ts";
import { resolveEssayTexts } from "./essay-texts.ts";
import type { ContentClient } from "@shared/http/content-client.ts";

export interface IntakeDeps {
  uow: UnitOfWork;
  repo: RequestRepository;
  providers: ProviderRegistry;
  content: ContentClient;
  metrics: LpsMetrics;
  /** Called after a request was queued (wakes the workers). */
  onQueued: () => void;
  now?: () => number;
}

/** The request names a topic it cannot be answered on: it can never succeed. */
export class CallbackTopicError extends Error {
  override readonly name = "CallbackTopicError";
}

export interface IntakeOutcome {
  requestId: string;
  status: RequestStatus;
  /** The request id was already known; nothing new was queued or answered. */
  duplicate: boolean;
}

/** A request ready to record: queued, or answered at once (expired, unresolvable). */
interface Prepared {
  row: NewRequestRow;
  answer?: ResultData;
}

/** @throws CallbackTopicError unless `topic` is the result topic for this kind of request. */
export function checkCallbackTopic(kind: RequestKind, topic: string): void {
  const expected = RESULT_TOPIC[kind].name;
  if (topic !== expected) throw new CallbackTopicError(`callback_topic must be ${expected} for a ${kind} request, got "${topic}"`);
}

function bundleKey(payload: QueuedPayload, provider: string, model: string): string | null {
  if (payload.kind !== RequestKind.COMPARISON || provider === "local") return null;
  const r = payload.request;
  const identity = JSON.stringify([provider, model, r.language, r.instructions, r.prompt_text ?? ""]);
  return new Bun.CryptoHasher("sha256").update(identity).digest("hex");
}

/** Async part of intake (no writes): choose the provider, check expiry, fetch essay texts. */
async function prepare(deps: IntakeDeps, payload: QueuedPayload, correlationId: string): Promise<Prepared> {
  const nowMs = (deps.now ?? Date.now)();
  const request = payload.request;
  const { name, provider } = deps.providers.resolve(request.provider_override);
  const model = request.model_override ?? provider?.defaultModel ?? "none";
  const expiresAtMs = request.expires_at ? Date.parse(request.expires_at) : null;
  const row: NewRequestRow = {
    requestId: request.request_id,
    kind: payload.kind,
    provider: name,
    model,
    priority: request.priority,
    expiresAtMs,
    enqueuedAtMs: nowMs,
    bundleKey: bundleKey(payload, name, model),
    callbackTopic: request.callback_topic,
    correlationId,
    payload,
    createdAt: new Date(nowMs).toISOString(),
  };
  const fail = (error: ResultError): Prepared => ({
    row,
    answer: errorResult(request.request_id, payload, { provider: name, model, usage: NO_USAGE, costUsd: 0, latencyMs: 0 }, error),
  });
  if (expiresAtMs !== null && expiresAtMs <= nowMs) {
    return fail({ code: ResultErrorCode.EXPIRED, message: `request expired at ${request.expires_at} before it was queued`, retryable: false });
  }
  if (!provider) {
    return fail({ code: ResultErrorCode.PROVIDER_NOT_CONFIGURED, message: `provider "${name}" is not configured on this LPS (no API key)`, retryable: false });
  }
  const resolved = await resolveEssayTexts(payload, deps.content, correlationId);
  if ("error" in resolved) return fail(resolved.error);
  return { row: { ...row, payload: resolved.payload } };
}

/** Sync part of intake, inside the caller's transaction. */
function record(deps: IntakeDeps, tx: Tx, emit: Emit, prepared: Prepared): IntakeOutcome {
  const { row, answer } = prepared;
  const existing = deps.repo.statusOf(row.requestId, tx);
  if (existing) return { requestId: row.requestId, status: existing, duplicate: true };
  if (!answer) {
    deps.repo.insertQueued(tx, row);
    return { requestId: row.requestId, status: Status.QUEUED, duplicate: false };
  }
  const status = statusOf(answer);
  deps.repo.insertAnswered(tx, row, status, answer, new Date().toISOString());
  emitResult(emit, row.kind, row.correlationId, answer);
  return { requestId: row.requestId, status, duplicate: false };
}

/**
 * Accept a request once per request id: queue it, or answer it at once when it cannot be called.
 * With `eventId`, the stream event is also marked processed in the same transaction.
 * @throws CallbackTopicError (never retry); HuleEduError EXTERNAL_SERVICE_ERROR when content is unreachable (retry).
 */
export async function submitRequest(deps: IntakeDeps, payload: QueuedPayload, correlationId: string, eventId?: string): Promise<IntakeOutcome> {
  const requestId = payload.request.request_id;
  checkCallbackTopic(payload.kind, payload.request.callback_topic);
  const known = deps.repo.statusOf(requestId);
  if (known) return { requestId, status: known, duplicate: true };
  const prepared = await prepare(deps, payload, correlationId);
  const work = (tx: Tx, emit: Emit) => record(deps, tx, emit, prepared);
  let outcome: IntakeOutcome;
  if (eventId) {
    const done = deps.uow.runOnce(INTAKE_CONSUMER, eventId, work);
    outcome = done.applied ? done.result : { requestId, status: deps.repo.statusOf(requestId) ?? Status.QUEUED, duplicate: true };
  } else {
    outcome = deps.uow.run(work);
  }
  afterIntake(deps, [{ outcome, prepared }]);
  return outcome;
}

/** One stream event carrying a request. */
export interface IntakeEvent {
  payload: QueuedPayload;
  correlationId: string;
  eventId: string;
}

/**
 * Several stream events at once (one read): prepared side by side, then recorded in one
 * transaction, each event marked processed with its request, the workers woken once.
 * @throws like submitRequest; then nothing of the batch is recorded (the caller retries each alone).
 */
export async function submitRequests(deps: IntakeDeps, events: readonly IntakeEvent[]): Promise<IntakeOutcome[]> {
  for (const e of events) checkCallbackTopic(e.payload.kind, e.payload.request.callback_topic);
  const prepared = await Promise.all(events.map((e) => {
    const known = deps.repo.statusOf(e.payload.request.request_id);
    return known ? undefined : prepare(deps, e.payload, e.correlationId);
  }));
  const outcomes = deps.uow.batch(() => events.map((e, i): { outcome: IntakeOutcome; prepared?: Prepared } => {
    const requestId = e.payload.request.request_id;
    const p = prepared[i];
    const duplicate = () => ({ requestId, status: deps.repo.statusOf(requestId) ?? Status.QUEUED, duplicate: true });
    if (!p) {
      deps.uow.runOnce(INTAKE_CONSUMER, e.eventId, () => undefined);
      return { outcome: duplicate() };
    }
    const done = deps.uow.runOnce(INTAKE_CONSUMER, e.eventId, (tx, emit) => record(deps, tx, emit, p));
    return { outcome: done.applied ? done.result : duplicate(), prepared: p };
  }));
  afterIntake(deps, outcomes);
  return outcomes.map((o) => o.outcome);
}

const INTAKE_CONSUMER = "llm-provider:intake";

/** After the commit: wake the workers once if anything was queued; count what was answered at once. */
function afterIntake(deps: IntakeDeps, done: readonly { outcome: IntakeOutcome; prepared?: Prepared | undefined }[]): void {
  let queued = false;
  for (const { outcome, prepared } of done) {
    if (outcome.duplicate) continue;
    if (outcome.status === Status.QUEUED) queued = true;
    else if (prepared?.answer) {
      deps.metrics.result(prepared.answer.status, prepared.answer.error?.code);
      if (outcome.status === Status.EXPIRED) deps.metrics.expired();
    }
  }
  if (queued) deps.onQueued();
}
