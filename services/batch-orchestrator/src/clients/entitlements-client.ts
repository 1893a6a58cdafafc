import * as v from "valibot";
import {
  EntitlementCheckResponseSchema,
  type EntitlementCheckRequestSchema,
} from "@shared/contracts/events/entitlements.ts";
import { ErrorDetailSchema, HuleEduError } from "@shared/contracts/errors.ts";
import { createInternalClient, type InternalAnswer } from "@shared/http/internal-client.ts";
import type { Logger } from "@shared/observability/logger.ts";

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

function upstreamMessage(answer: InternalAnswer): string {
  const detail = v.safeParse(ErrorDetailSchema, answer.body);
  return detail.success ? `${detail.output.error_code}: ${detail.output.message}` : `HTTP ${answer.status}`;
}

/** Client for entitlements `POST /internal/v1/entitlements/check`, on the kit's internal HTTP client. */
export function createEntitlementsClient(options: { baseUrl: string; internalApiKey: string; timeoutMs: number; logger: Logger }): EntitlementsClient {
  const entitlements = createInternalClient({ name: "entitlements", baseUrl: options.baseUrl.replace(/\/+$/, ""), internalApiKey: options.internalApiKey, timeoutMs: options.timeoutMs, logger: options.logger });
  return {
    async check(request, correlationId) {
      let answer: InternalAnswer;
      try {
        answer = await entitlements.call({ method: "POST", path: "/internal/v1/entitlements/check", json: request, correlationId });
      } catch (err) {
        if (err instanceof HuleEduError) return { ok: false, kind: "unavailable", error: err }; // TIMEOUT or unreachable
        throw err;
      }
      const transient = answer.status >= 500 || answer.status === 408 || answer.status === 429;
      if (transient || answer.status !== 200) {
        const error = new HuleEduError("EXTERNAL_SERVICE_ERROR", `Entitlements could not check credits (${upstreamMessage(answer)})`, {
          status: answer.status,
        });
        return { ok: false, kind: transient ? "unavailable" : "refused", error };
      }
      const parsed = v.safeParse(EntitlementCheckResponseSchema, answer.body);
      if (!parsed.success) {
        return { ok: false, kind: "refused", error: new HuleEduError("EXTERNAL_SERVICE_ERROR", "Entitlements answered with a malformed check result") };
      }
      return { ok: true, answer: parsed.output };
    },
  };
}
