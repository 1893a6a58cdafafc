// Creates every stream and its DLQ from the topic registry (idempotent). Consumer groups are
// created by each service on start. Run: REDIS_URL=redis://... bun scripts/bootstrap-streams.ts
import { loadAllTopics } from "../shared/contracts/all-topics.ts";
import { createRedis } from "../shared/bus/redis.ts";

export async function bootstrapStreams(redisUrl: string): Promise<string[]> {
  const redis = createRedis(redisUrl);
  const created: string[] = [];
  try {
    for (const topic of await loadAllTopics()) {
      for (const stream of [topic.name, topic.dlq]) {
        if ((await redis.exists(stream)) === 0) {
          await redis.xgroup("CREATE", stream, "huleedu-bootstrap", "$", "MKSTREAM");
          await redis.xgroup("DESTROY", stream, "huleedu-bootstrap");
          created.push(stream);
        }
      }
    }
  } finally {
    redis.disconnect();
  }
  return created;
}

if (import.meta.main) {
  const created = await bootstrapStreams(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  console.log(`created ${created.length} streams`);
}
