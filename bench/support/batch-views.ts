// The parts of the gateway's batch answers the full-stack benchmark reads, parsed with valibot
// (loose: the services may add fields), and a bounded poll over them.
import * as v from "valibot";
import type { GatewayAnswer } from "./gateway-session.ts";

const nullableString = v.nullish(v.string());
const nullableNumber = v.nullish(v.number());

/** `POST /v1/batches/register`. */
export const BatchRegisteredSchema = v.looseObject({ batch_id: v.string() });

/** `GET /v1/batches/{id}` (BOS through the gateway). */
export const BatchSummarySchema = v.looseObject({
  batch_id: v.string(),
  status: v.string(),
  current_phase: nullableString,
  counts: v.optional(v.looseObject({ expected: nullableNumber, provisioned: nullableNumber, failed: nullableNumber })),
  updated_at: nullableString,
});
export type BatchSummary = v.InferOutput<typeof BatchSummarySchema>;

/** `GET /v1/batches/{id}/status` (RAS through the gateway). */
export const BatchStatusViewSchema = v.looseObject({
  status: v.optional(v.string()),
  phases: v.array(v.looseObject({
    phase: v.string(), status: v.string(), started_at: nullableString, completed_at: nullableString,
    duration_ms: nullableNumber, essay_count: nullableNumber, processed_count: nullableNumber, failed_count: nullableNumber,
  })),
  last_pipeline: v.nullish(v.looseObject({ pipeline: v.string(), final_status: v.string(), completed_at: v.string() })),
  denial: v.nullish(v.looseObject({ error_code: v.string(), message: v.string() })),
});
export type BatchStatusView = v.InferOutput<typeof BatchStatusViewSchema>;

/** `GET /v1/batches/{id}/results` (RAS through the gateway), only what the benchmark counts. */
export const BatchResultsSchema = v.looseObject({
  essays: v.array(v.looseObject({
    spellcheck: v.nullish(v.looseObject({ status: v.string(), correction_count: v.number() })),
    nlp: v.nullish(v.looseObject({ status: v.string() })),
  })),
});

/** The body of a 2xx answer parsed with `schema`; anything else is an error naming `what`. */
export function expectOk<S extends v.GenericSchema>(answer: GatewayAnswer, schema: S, what: string): v.InferOutput<S> {
  if (answer.status < 200 || answer.status > 299) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  const parsed = v.safeParse(schema, answer.body);
  if (!parsed.success) throw new Error(`${what}: unexpected body ${JSON.stringify(answer.body).slice(0, 500)}`);
  return parsed.output;
}

/** Call `check` every `intervalMs` until it returns a value, or fail once `deadline` (epoch ms) passes. */
export async function pollUntil<T>(what: string, deadline: number, intervalMs: number, check: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() + intervalMs > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(intervalMs);
  }
}
