// A consumer process that reads one entry and dies before acking it (argv: redis url, group).
import { createRedis } from "../redis.ts";
import { createConsumer, on } from "../consumer.ts";
import { createDlqWriter } from "../dlq-writer.ts";
import { createLogger } from "../../observability/logger.ts";
import { ProbeTopic } from "./probe-topic.ts";

const [url, group] = process.argv.slice(2) as [string, string];
const redis = createRedis(url);
const logger = createLogger("dying-consumer", { level: "error" });
const consumer = createConsumer({
  redis, group, logger, dlq: createDlqWriter({ redis, logger }), blockMs: 200,
  handlers: [on(ProbeTopic, async () => { process.exit(3); })],
});
await consumer.start();
