// Worker-thread entry: reads one file at a time for the extraction pool. A parser stuck in a loop
// is terminated by the pool without stalling the HTTP server.
import { fileFailure, FileErrorCode } from "../domain/file-error-codes.ts";
import type { ReadReply, ReadRequest, WorkerReady } from "./extraction-pool.ts";
import { readEssayFile } from "./read-essay-file.ts";

declare const self: Worker;

self.onmessage = async (event: MessageEvent<ReadRequest>) => {
  const { id, fileName, bytes, options } = event.data;
  let reply: ReadReply;
  try {
    reply = { id, reading: await readEssayFile(fileName, bytes, options) };
  } catch {
    reply = { id, reading: fileFailure(FileErrorCode.EXTRACTION_FAILED, "The file could not be processed.") };
  }
  self.postMessage(reply);
};

self.postMessage({ ready: true } satisfies WorkerReady);
