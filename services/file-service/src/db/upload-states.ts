/**
 * What became of one uploaded file. `failed` means a dependency (content service) or this service
 * failed before an outcome was reached: no event was emitted and the file can be sent again.
 */
export const FileUploadStatus = { ACCEPTED: "accepted", REJECTED: "rejected", FAILED: "failed" } as const;
export type FileUploadStatus = (typeof FileUploadStatus)[keyof typeof FileUploadStatus];

/** An Idempotency-Key's request: being processed now, or finished (its answer can be replayed). */
export const UploadRequestState = { IN_PROGRESS: "in_progress", DONE: "done" } as const;
export type UploadRequestState = (typeof UploadRequestState)[keyof typeof UploadRequestState];
