import * as v from "valibot";
import {
  EntitlementCheckResponseSchema,
  type EntitlementCheckRequestSchema,
} from "@shared/contracts/events/entitlements.ts";
import { ErrorDetailSchema, HuleEduError } from "@shared/contracts/errors.ts";
import { INTERNAL_KEY_HEADER } from "@shared/http/internal-key/index.ts";
import { traceHeaders } from "@shared/observability/trace-context.ts";

export type EntitlementCheckRequest = v.InferInput<typeof EntitlementCheckRequestSchema>;
export type EntitlementCheckAnswer = v.InferOutput<typeof EntitlementCheckResponseSchema>;

/**
 * `refused`: entitlements answered but not with a decision (4xx, malformed) — asking again gives
 * the same answer. `unavailable`: it could not answer (down, slow, 5xx) — worth another try.
 */
export type EntitlementCheckResult =
  | { ok: true; answer: EntitlementCheckAnswer }
  | { ok: false; kind: "refused" | "unavailable"; error: HuleEduError };

export interface EntitlementsClient {
  check(request: EntitlementCheckRequest, correlationId: string): Promise<EntitlementCheckResult>;
}

async function upstreamMessage(response: Response): Promise<string> {
  const detail = v.safeParse(ErrorDetailSchema, await response.json().catch(() => undefined));
  return detail.success ? `${detail.output.error_code}: ${detail.output.message}` : `HTTP ${response.status}`;
}

/** Client for entitlements `POST /internal/v1/entitlements/check`. */
export function createEntitlementsClient(options: { baseUrl: string; internalApiKey: string; timeoutMs: number }): EntitlementsClient {
  const url = new URL("/internal/v1/entitlements/check", options.baseUrl).toString();
  return {
    async check(request, correlationId) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", [INTERNAL_KEY_HEADER]: options.internalApiKey, "X-Correlation-ID": correlationId, ...traceHeaders() },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
        const error = timedOut
          ? new HuleEduError("TIMEOUT", `Entitlements did not answer within ${options.timeoutMs} ms`)
          : new HuleEduError("EXTERNAL_SERVICE_ERROR", `Entitlements unreachable: ${err instanceof Error ? err.message : String(err)}`);
        return { ok: false, kind: "unavailable", error };
      }
      const transient = response.status >= 500 || response.status === 408 || response.status === 429;
      if (transient || !response.ok) {
        const error = new HuleEduError("EXTERNAL_SERVICE_ERROR", `Entitlements could not check credits (${await upstreamMessage(response)})`, {
          status: response.status,
        });
        return { ok: false, kind: transient ? "unavailable" : "refused", error };
      }
      const parsed = v.safeParse(EntitlementCheckResponseSchema, await response.json().catch(() => undefined));
      if (!parsed.success) {
        return { ok: false, kind: "refused", error: new HuleEduError("EXTERNAL_SERVICE_ERROR", "Entitlements answered with a malformed check result") };
      }
      return { ok: true, answer: parsed.output };
    },
  };
}
