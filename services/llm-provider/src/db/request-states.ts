import type { LlmComparisonRequest, LlmFeedbackRequest } from "@shared/contracts/events/llm.ts";

/** Where a request stands in this LPS instance's queue. */
export const RequestStatus = {
  QUEUED: "queued",
  IN_PROGRESS: "in_progress",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
  EXPIRED: "expired",
} as const;
export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus];

/** Statuses after which the request has been answered and never changes again. */
export const ANSWERED_STATUSES: readonly RequestStatus[] = [RequestStatus.SUCCEEDED, RequestStatus.FAILED, RequestStatus.EXPIRED];

export const RequestKind = { COMPARISON: "comparison", FEEDBACK: "feedback" } as const;
export type RequestKind = (typeof RequestKind)[keyof typeof RequestKind];

export const ProviderNames = { LOCAL: "local", ANTHROPIC: "anthropic", OPENAI: "openai" } as const;

/** The request as queued: the contract's request with every essay text resolved. */
export type QueuedPayload =
  | { kind: typeof RequestKind.COMPARISON; request: LlmComparisonRequest }
  | { kind: typeof RequestKind.FEEDBACK; request: LlmFeedbackRequest };
