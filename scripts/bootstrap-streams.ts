// Creates every stream and its DLQ from the topic registry (idempotent). Consumer groups are
// created by each service on start. Run: REDIS_URL=redis://... [REDIS_CLUSTER_NODES=h:p,…] bun scripts/bootstrap-streams.ts
import { loadAllTopics } from "../shared/contracts/all-topics.ts";
import { connectBus, type BusTarget } from "../shared/bus/redis.ts";

/** `target`: a Redis url, or a url and cluster nodes (REDIS_CLUSTER_NODES), as the services get them. */
export async function bootstrapStreams(target: string | BusTarget): Promise<string[]> {
  const redis = connectBus(typeof target === "string" ? { url: target } : target);
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
  const created = await bootstrapStreams({ url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", clusterNodes: process.env.REDIS_CLUSTER_NODES });
  console.log(`created ${created.length} streams`);
}
