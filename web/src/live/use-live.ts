import { useEffect, useRef } from "preact/hooks";
import type { Notification } from "../api/types.ts";
import { liveFeed } from "./socket.ts";

/**
 * Call `onNotification` for each live notification (optionally of one batch) while mounted, and
 * `onReconnect` when the socket came back (what it missed must be re-read).
 */
export function useLive(onNotification: (n: Notification) => void, batchId?: string, onReconnect?: () => void): void {
  const handler = useRef(onNotification);
  const again = useRef(onReconnect);
  handler.current = onNotification;
  again.current = onReconnect;
  useEffect(() => liveFeed.subscribe((n) => {
    if (!batchId || n.batch_id === batchId) handler.current(n);
  }), [batchId]);
  useEffect(() => liveFeed.onReconnect(() => again.current?.()), []);
}
