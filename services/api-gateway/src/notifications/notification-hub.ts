import { HuleEduError } from "@shared/contracts/errors.ts";
import { notificationChannel } from "@shared/contracts/notifications.ts";
import { createRedis } from "@shared/bus/redis.ts";
import type { Logger } from "@shared/observability/logger.ts";

/** One socket's view of its user's channel. */
export interface NotificationSubscription {
  /** Start delivering; what arrived since subscribing is sent first. */
  deliverTo(send: (json: string) => void): void;
  close(): void;
}

export interface NotificationHub {
  /** Resolves once Redis confirms the subscription, so nothing published afterwards is missed. */
  subscribe(userId: string): Promise<NotificationSubscription>;
  /** Channels currently subscribed in Redis. */
  channels(): string[];
  stop(): Promise<void>;
}

interface ChannelEntry {
  userId: string;
  subscriptions: Set<{ push(json: string): void }>;
  ready: Promise<unknown>;
}

// Messages kept for a socket between subscribe and open; a socket opens right after its upgrade.
const MAX_EARLY_MESSAGES = 100;

/**
 * Redis pub/sub fan-out for `ws:{user_id}`: one subscriber connection, one Redis subscription per
 * user with open sockets (dropped with the last socket), each message only to that user's sockets.
 */
export function createNotificationHub(options: { redisUrl: string; logger: Logger }): NotificationHub {
  const { logger } = options;
  const subscriber = createRedis(options.redisUrl, {}, (err) => logger.debug("notification subscriber connection error", { error: err.message }));
  const entries = new Map<string, ChannelEntry>();

  // Forward JSON objects only, and never one addressed to another user.
  function forwardable(entry: ChannelEntry, text: string): string | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      logger.warn("notification is not JSON; dropped", { user_id: entry.userId });
      return undefined;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
    const addressee = (parsed as { user_id?: unknown }).user_id;
    if (addressee !== undefined && addressee !== entry.userId) {
      logger.warn("notification for another user on this channel; dropped", { user_id: entry.userId });
      return undefined;
    }
    return text;
  }

  subscriber.on("message", (channel: string, text: string) => {
    const entry = entries.get(channel);
    if (!entry) return;
    const json = forwardable(entry, text);
    if (json === undefined) return;
    for (const s of entry.subscriptions) s.push(json);
  });

  return {
    async subscribe(userId) {
      const channel = notificationChannel(userId);
      let entry = entries.get(channel);
      if (!entry) {
        entry = { userId, subscriptions: new Set(), ready: subscriber.subscribe(channel) };
        entries.set(channel, entry);
      }
      const owner = entry;
      let send: ((json: string) => void) | undefined;
      const early: string[] = [];
      const member = {
        push(json: string) {
          if (send) send(json);
          else if (early.length < MAX_EARLY_MESSAGES) early.push(json);
        },
      };
      owner.subscriptions.add(member);
      const subscription: NotificationSubscription = {
        deliverTo(target) {
          send = target;
          for (const json of early.splice(0)) target(json);
        },
        close() {
          owner.subscriptions.delete(member);
          if (owner.subscriptions.size > 0 || entries.get(channel) !== owner) return;
          entries.delete(channel);
          subscriber.unsubscribe(channel).catch((err: unknown) => logger.warn("unsubscribe failed", { channel, error: String(err) }));
        },
      };
      try {
        await owner.ready;
      } catch (err) {
        subscription.close();
        logger.error("cannot subscribe to notifications", { user_id: userId, error: err instanceof Error ? err.message : String(err) });
        throw new HuleEduError("EXTERNAL_SERVICE_ERROR", "Live updates are unavailable right now", { upstream: "redis" });
      }
      return subscription;
    },
    channels: () => [...entries.keys()],
    async stop() {
      entries.clear();
      subscriber.disconnect();
    },
  };
}
