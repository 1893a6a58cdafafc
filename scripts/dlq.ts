// ./huleedu dlq list | show TOPIC [--limit N] | replay TOPIC [--id ID]…   (REDIS_URL or REDIS_CLUSTER_NODES, default the launcher's Redis)
// Inspect dead letters and move them back onto their topic; every replay is logged (JSON on stderr)
// and appended to the huleedu.ops.dlq-replays stream.
import { userInfo } from "node:os";
import { connectBus } from "../shared/bus/redis.ts";
import { listDeadLetterQueues, replayDeadLetters, showDeadLetters } from "../shared/bus/dlq-admin.ts";
import { loadAllTopics } from "../shared/contracts/all-topics.ts";
import type { Topic } from "../shared/contracts/topics.ts";
import { createLogger } from "../shared/observability/logger.ts";

const USAGE = "usage: ./huleedu dlq list [--all] | show TOPIC [--limit N] | replay TOPIC [--id ID]...";

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

function flagValues(args: string[], flag: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) if (args[i] === flag) values.push(args[++i] ?? fail(`${flag} needs a value\n${USAGE}`));
  return values;
}

async function main(argv: string[]): Promise<void> {
  const [command, name, ...rest] = argv;
  const topics = await loadAllTopics();
  const find = (raw: string | undefined): Topic => {
    if (!raw) fail(USAGE);
    const base = raw.endsWith(".DLQ") ? raw.slice(0, -4) : raw;
    return topics.find((t) => t.name === base) ?? fail(`unknown topic ${raw} (./huleedu dlq list shows them)`);
  };
  const redis = connectBus({ url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", clusterNodes: process.env.REDIS_CLUSTER_NODES });
  try {
    if (command === "list") {
      const all = argv.includes("--all");
      const rows = (await listDeadLetterQueues(redis, topics)).filter((r) => all || r.depth > 0);
      if (rows.length === 0) console.log("no dead letters");
      for (const r of rows) console.log(`${String(r.depth).padStart(6)}  ${r.dlq}`);
    } else if (command === "show") {
      const topic = find(name);
      const limit = Number(flagValues(rest, "--limit")[0] ?? 50);
      if (!Number.isInteger(limit) || limit < 1) fail("--limit must be a positive whole number");
      const letters = await showDeadLetters(redis, topic, limit);
      if (letters.length === 0) console.log(`${topic.dlq} is empty`);
      for (const d of letters) {
        console.log(JSON.stringify({ id: d.id, reason: d.reason, error: d.error, event_id: d.eventId, correlation_id: d.correlationId, delivery_count: d.deliveryCount, failed_at: d.failedAt, original_id: d.originalId }));
      }
    } else if (command === "replay") {
      const topic = find(name);
      const logger = createLogger("dlq-cli", { write: (line) => process.stderr.write(line + "\n") });
      const outcome = await replayDeadLetters(redis, topic, { ids: flagValues(rest, "--id"), operator: process.env.USER ?? userInfo().username, logger });
      console.log(`replayed ${outcome.replayed.length} onto ${topic.name}; refused ${outcome.refused.length}; not found ${outcome.missing.length}`);
      for (const r of outcome.refused) console.log(`refused ${r.dlqId}: ${r.error}`);
      for (const id of outcome.missing) console.log(`not found ${id}`);
      if (outcome.refused.length || outcome.missing.length) process.exitCode = 1;
    } else {
      fail(USAGE);
    }
  } finally {
    redis.disconnect();
  }
}

await main(process.argv.slice(2));
