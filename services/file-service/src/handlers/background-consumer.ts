import type { EventHandler } from "@shared/bus/consumer.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { EventRuntime } from "@shared/runtime/event-runtime.ts";

/**
 * Join the consumer groups without holding up the start: uploads work while Redis is down (the
 * outbox keeps their events), so the erasure handlers join once Redis answers. Retries every second.
 */
export function consumeWhenReachable(runtime: EventRuntime, handlers: EventHandler[], logger: Logger): { stop(): Promise<void> } {
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = async () => {
    if (stopped) return;
    try {
      await runtime.consume(handlers);
    } catch (err) {
      if (stopped) return;
      logger.warn("event consumer not started; retrying", { error: err instanceof Error ? err.message : String(err) });
      timer = setTimeout(() => { current = attempt(); }, 1000);
    }
  };
  current = attempt();
  return {
    /** Before the runtime stops, so a consumer joining late is stopped with it. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
