// Did every instance of a service share the work, and was no entry handled twice? For each
// instance, `events_handled_total{topic,outcome}` from its own /metrics (shared/bus/consumer.ts
// counts one per handler run); per topic, Redis's own count of entries ever added to the stream
// (XINFO STREAM entries-added, unaffected by XDEL and trimming) and the service's group there
// (XINFO GROUPS: consumers, entries-read, pending). One group reads every entry of its streams
// once, so handler runs ok+dlq summed over the instances must equal entries-added; more would be
// an entry handled twice (a re-delivery), fewer an entry not handled.
import type { Redis } from "ioredis";

const LINE = /^events_handled_total\{([^}]*)\} (\S+)$/;

export interface TopicCheck {
  service: string;
  topic: string;
  /** ok + dlq handler runs per instance (instance name -> count), and errors (retried runs) over all. */
  perInstance: Record<string, number>;
  errors: number;
  added: number;
  group?: { name: string; consumers: number; entriesRead: number; pending: number };
  verdict: "once each" | "handled twice" | "not all handled";
}

async function handledCounts(url: string): Promise<Map<string, { ok: number; error: number }>> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
  const out = new Map<string, { ok: number; error: number }>();
  for (const line of (await res.text()).split("\n")) {
    const m = LINE.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[1] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
    const topic = labels.topic ?? "";
    const entry = out.get(topic) ?? { ok: 0, error: 0 };
    if (labels.outcome === "error") entry.error += Number(m[2]);
    else entry.ok += Number(m[2]);
    out.set(topic, entry);
  }
  return out;
}

/** Flat `[k1, v1, k2, v2…]` Redis reply as an object. */
function fields(reply: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = reply[i + 1];
  return out;
}

/** Check every topic the given services' instances handled; `instances` maps service -> [name, url] of each process. */
export async function checkConsumerGroups(redis: Redis, instances: Record<string, [string, string][]>): Promise<TopicCheck[]> {
  const checks: TopicCheck[] = [];
  for (const [service, procs] of Object.entries(instances)) {
    const counts = await Promise.all(procs.map(async ([name, url]) => [name, await handledCounts(url)] as const));
    const topics = new Set(counts.flatMap(([, c]) => [...c.keys()]));
    for (const topic of topics) {
      const perInstance = Object.fromEntries(counts.map(([name, c]) => [name, c.get(topic)?.ok ?? 0]));
      const errors = counts.reduce((n, [, c]) => n + (c.get(topic)?.error ?? 0), 0);
      const added = Number(fields((await redis.xinfo("STREAM", topic)) as unknown[])["entries-added"] ?? 0);
      const groups = ((await redis.xinfo("GROUPS", topic)) as unknown[][]).map(fields);
      // The service's group is named after it (a consumer shows up once it has read from the stream).
      const g = groups.find((x) => String(x.name) === service);
      const handled = Object.values(perInstance).reduce((a, b) => a + b, 0);
      checks.push({
        service, topic, perInstance, errors, added,
        ...(g ? { group: { name: String(g.name), consumers: Number(g.consumers), entriesRead: Number(g["entries-read"] ?? Number.NaN), pending: Number(g.pending) } } : {}),
        verdict: handled === added ? "once each" : handled > added ? "handled twice" : "not all handled",
      });
    }
  }
  return checks;
}

/** Print the checks as a table; true when every topic was handled exactly once per entry. */
export function printConsumerChecks(checks: TopicCheck[]): boolean {
  const short = (t: string) => t.replace(/^huleedu\./, "").replace(/\.v\d+$/, "");
  console.log("    service         topic                                    added  handled per instance (ok+dlq)           errors  group: consumers read pending  verdict");
  for (const c of checks) {
    const per = Object.entries(c.perInstance).map(([n, k]) => `${n}=${k}`).join(" ");
    const g = c.group ? `${c.group.name.slice(0, 14)}: ${c.group.consumers} ${c.group.entriesRead} ${c.group.pending}` : "no group named after it";
    console.log(`    ${c.service.padEnd(15)} ${short(c.topic).padEnd(40)} ${String(c.added).padStart(5)}  ${per.padEnd(38)} ${String(c.errors).padStart(6)}  ${g.padEnd(26)} ${c.verdict}`);
  }
  return checks.every((c) => c.verdict === "once each");
}
