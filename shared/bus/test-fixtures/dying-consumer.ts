// A consumer process that reads one entry and dies before acking it (argv: redis url, group; REDIS_CLUSTER_NODES for a cluster).
import { connectBus } from "../redis.ts";
import { createConsumer, on } from "../consumer.ts";
import { createDlqWriter } from "../dlq-writer.ts";
import { createLogger } from "../../observability/logger.ts";
import { ProbeTopic } from "./probe-topic.ts";

const [url, group] = process.argv.slice(2) as [string, string];
const redis = connectBus({ url, clusterNodes: process.env.REDIS_CLUSTER_NODES });
const logger = createLogger("dying-consumer", { level: "error" });
const consumer = createConsumer({
  redis, group, logger, dlq: createDlqWriter({ redis, logger }), blockMs: 200,
  handlers: [on(ProbeTopic, async () => { process.exit(3); })],
});
await consumer.start();
