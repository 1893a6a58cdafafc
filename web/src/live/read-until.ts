// The views the page reads follow the events (a DELETE answers before the file listing has the
// removal), so the read right after a change, and the one on its live notice, may both be stale.

export interface ReadUntilOptions<T> {
  /** Reads in all, the first one at once (default 6). */
  attempts?: number;
  /** Pause between reads (default 500 ms). */
  intervalMs?: number;
  onRead?: (value: T) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface ReadUntilResult<T> {
  value: T | undefined;
  /** The condition held on the last read. */
  done: boolean;
  reads: number;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Read again, a bounded number of times, until the value shows what a change should have made it
 * show. Every read goes to `onRead` (the page shows it); the last is returned whether or not it showed
 * the change, so the caller never waits longer than about `attempts × intervalMs`. A read that answers
 * undefined (it failed) counts as one that did not show the change.
 * @example await readUntil(listFiles, (files) => !files.some((f) => f.essay_id === removed), { onRead: setFiles })
 */
export async function readUntil<T>(read: () => Promise<T | undefined>, done: (value: T) => boolean, options: ReadUntilOptions<T> = {}): Promise<ReadUntilResult<T>> {
  const attempts = Math.max(1, options.attempts ?? 6);
  const sleep = options.sleep ?? pause;
  let value: T | undefined;
  for (let reads = 1; reads <= attempts; reads++) {
    value = await read();
    if (value !== undefined) {
      options.onRead?.(value);
      if (done(value)) return { value, done: true, reads };
    }
    if (reads < attempts) await sleep(options.intervalMs ?? 500);
  }
  return { value, done: false, reads: attempts };
}
