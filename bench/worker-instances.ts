// One vs two processes of each worker service (spellchecker, nlp, llm-provider, cj-assessment)
// under the same moderate load: T teachers at once, K essays each, one pipeline (local judge).
// Two fresh stacks, one after the other (launcher option `instances`); prints both runs' figures,
// the throughput ratio (essays per second over the pipeline window, two / one), and for the
// two-instance run the consumer-group check: per worker and topic, the handler runs of each
// instance (its /metrics) against the entries Redis says were added to the stream, and the group's
// consumers/read/pending (bench/support/consumer-groups.ts says how that shows an entry handled twice).
// Run: bun bench/worker-instances.ts [teachers=10] [essays=30] [--pipeline=comprehensive] [--budget-min=10]
import type { Stack } from "../scripts/stack/launcher.ts";
import type { TestRedis } from "../shared/testing/redis.ts";
import { printLoad } from "./scale-teachers.ts";
import { checkConsumerGroups, printConsumerChecks, type TopicCheck } from "./support/consumer-groups.ts";
import { logProblems, runTeacherLoad, type LoadResult } from "./support/teacher-load.ts";

const WORKERS = ["spellchecker", "nlp", "llm-provider", "cj-assessment"];

async function checkGroups(stack: Stack, redis: TestRedis, copies: number, out: TopicCheck[]): Promise<void> {
  const instances = Object.fromEntries(WORKERS.map((w) => [w, Array.from({ length: copies }, (_, i) => {
    const name = i === 0 ? w : `${w}-${i + 1}`;
    return [name, stack.urls[name] ?? ""] as [string, string];
  })]));
  const client = redis.client();
  try {
    out.push(...(await checkConsumerGroups(client, instances)));
  } finally {
    client.disconnect();
  }
}

async function main(): Promise<void> {
  const numbers = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
  const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const teachers = numbers[0] ?? 10;
  const essays = numbers[1] ?? 30;
  const pipeline = flag("pipeline") ?? "comprehensive";
  const budgetMs = Number(flag("budget-min") ?? 10) * 60_000;
  const results: { copies: number; result: LoadResult; checks: TopicCheck[]; ok: boolean }[] = [];
  for (const copies of [1, 2]) {
    const checks: TopicCheck[] = [];
    const result = await runTeacherLoad({
      teachers, essays, pipeline, budgetMs,
      ...(copies > 1 ? { instances: Object.fromEntries(WORKERS.map((w) => [w, copies])) } : {}),
      beforeStop: (stack, redis) => checkGroups(stack, redis, copies, checks),
    });
    const ok = printLoad(`${copies} process(es) of each of ${WORKERS.join(", ")}; ${teachers} teachers x ${essays} essays, ${pipeline}, local judge (shared machine: other work may be running)`, result, essays);
    console.log("  consumer groups (after the run, stack still up):");
    const once = printConsumerChecks(checks);
    console.log(`  => ${once ? "every entry handled exactly once (handler runs summed over the instances == entries added)" : "MISMATCH: see the verdict column"}`);
    if (!ok) console.error(`service log kept at ${result.logFile}; last warnings/errors:\n${(await logProblems(result.logFile)).join("\n")}`);
    results.push({ copies, result, checks, ok: ok && once });
  }
  const rate = (r: LoadResult) => (r.runs.filter((x) => x.status === "COMPLETED_SUCCESSFULLY").length * essays) / (r.pipelineWindowMs / 1000);
  const [one, two] = results.map((r) => rate(r.result));
  console.log(`throughput: one instance ${one?.toFixed(2)} essays/s, two instances ${two?.toFixed(2)} essays/s, ratio two/one ${((two ?? 0) / (one ?? 1)).toFixed(2)}x`);
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}

if (import.meta.main) await main();
