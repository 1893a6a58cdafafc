// No imports: drizzle-kit loads this file through the db schema.

/** Where one essay's feedback request stands; only `requested` may still change. */
export const FeedbackRequestStatus = { REQUESTED: "requested", SUCCEEDED: "succeeded", FAILED: "failed" } as const;
export type FeedbackRequestStatus = (typeof FeedbackRequestStatus)[keyof typeof FeedbackRequestStatus];
