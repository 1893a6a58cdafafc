import type { Notification } from "../api/types.ts";
import { accessToken, refreshSession } from "../api/session.ts";

type Listener = (n: Notification) => void;
export type LiveState = "connecting" | "open" | "closed";

/**
 * The teacher's live notifications over `/v1/ws` (token in the `bearer` sub-protocol, since a
 * browser cannot set headers on a WebSocket). Reconnects with back-off; an expired token (4001) is
 * renewed first. One socket per signed-in tab; `stop()` on sign-out.
 */
export function createLiveFeed() {
  const listeners = new Set<Listener>();
  const stateListeners = new Set<(s: LiveState) => void>();
  const reconnectListeners = new Set<() => void>();
  let wasOpen = false;
  let socket: WebSocket | null = null;
  let stopped = true;
  let delay = 500;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let state: LiveState = "closed";

  const setState = (s: LiveState) => {
    state = s;
    for (const l of stateListeners) l(s);
  };

  async function connect(): Promise<void> {
    if (stopped) return;
    const token = accessToken() ?? ((await refreshSession()) ? accessToken() : null);
    if (!token || stopped) return setState("closed");
    setState("connecting");
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/v1/ws`, ["bearer", token]);
    socket = ws;
    ws.onopen = () => {
      delay = 500;
      setState("open");
      // Notifications sent while the socket was down are lost: let pages re-read what they show.
      if (wasOpen) for (const l of reconnectListeners) l();
      wasOpen = true;
    };
    ws.onmessage = (event) => {
      try {
        const n = JSON.parse(String(event.data)) as Notification;
        for (const l of listeners) l(n);
      } catch {
        /* not a notification */
      }
    };
    ws.onclose = async (event) => {
      if (socket !== ws) return;
      socket = null;
      setState("closed");
      if (stopped) return;
      if (event.code === 4001) await refreshSession();
      timer = setTimeout(() => void connect(), delay);
      delay = Math.min(delay * 2, 10_000);
    };
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      void connect();
    },
    stop() {
      stopped = true;
      wasOpen = false;
      clearTimeout(timer);
      socket?.close();
      socket = null;
      setState("closed");
    },
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onReconnect(listener: () => void): () => void {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    onState(listener: (s: LiveState) => void): () => void {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
  };
}
export type LiveFeed = ReturnType<typeof createLiveFeed>;
export const liveFeed = createLiveFeed();
