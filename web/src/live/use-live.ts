import { useEffect, useRef } from "preact/hooks";
import type { Notification } from "../api/types.ts";
import { liveFeed } from "./socket.ts";

/** Call `onNotification` for each live notification (optionally of one batch) while mounted. */
export function useLive(onNotification: (n: Notification) => void, batchId?: string): void {
  const handler = useRef(onNotification);
  handler.current = onNotification;
  useEffect(() => liveFeed.subscribe((n) => {
    if (!batchId || n.batch_id === batchId) handler.current(n);
  }), [batchId]);
}
