import type { EventHandler } from "@shared/bus/consumer.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { EventRuntime } from "@shared/runtime/event-runtime.ts";

/**
 * Join the consumer groups without holding up the start: uploads work while Redis is down (the
 * outbox keeps their events), so the erasure handlers join once Redis answers. Retries every second.
 */
const JOIN_WAIT_ON_STOP_MS = 250;

export function consumeWhenReachable(runtime: EventRuntime, handlers: EventHandler[], logger: Logger): { stop(): Promise<void> } {
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = async () => {
    if (stopped) return;
    try {
      const consumer = await runtime.consume(handlers);
      if (stopped) await consumer.stop(); // joined while stopping: leave again
    } catch (err) {
      if (stopped) return;
      logger.warn("event consumer not started; retrying", { error: err instanceof Error ? err.message : String(err) });
      timer = setTimeout(() => { current = attempt(); }, 1000);
    }
  };
  current = attempt();
  return {
    /**
     * Before the runtime stops. A join still waiting for an unreachable Redis is not awaited past
     * JOIN_WAIT_ON_STOP_MS (it took 6.5 s): the runtime's disconnect ends it, and a join that does
     * complete meanwhile stops its own consumer.
     */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.race([current, Bun.sleep(JOIN_WAIT_ON_STOP_MS)]);
    },
  };
}
