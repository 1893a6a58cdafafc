// Where a pipeline's time goes, from the services' own Prometheus histograms (no tracing):
// scrape every service's /metrics before and after the run, subtract, and print per service and
// topic the handler time and the wait before the handler (shared/bus/consumer.ts), the compute
// time the spellchecker and nlp measure themselves, and the HTTP time servers spent per route.
export type Snapshot = Map<string, { service: string; metric: string; labels: Record<string, string>; value: number }>;

const HISTOGRAMS = new Set([
  "event_queue_wait_seconds", "event_handler_duration_seconds", "spellcheck_duration_seconds", "nlp_duration_seconds", "http_request_duration_seconds",
]);
const LINE = /^([a-z_]+)_(sum|count)(?:\{([^}]*)\})? (\S+)$/;

/** The _sum and _count series of the histograms above, from every service that answers /metrics. */
export async function scrapeStack(urls: Record<string, string>): Promise<Snapshot> {
  const out: Snapshot = new Map();
  await Promise.all(Object.entries(urls).map(async ([service, url]) => {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
    if (!res?.ok) return;
    for (const line of (await res.text()).split("\n")) {
      const m = LINE.exec(line);
      if (!m || !HISTOGRAMS.has(m[1] ?? "")) continue;
      const labels: Record<string, string> = {};
      for (const [, k, v] of (m[3] ?? "").matchAll(/(\w+)="([^"]*)"/g)) if (k !== "service" && k !== undefined) labels[k] = v ?? "";
      const key = `${service}|${m[1]}_${m[2]}|${JSON.stringify(labels)}`;
      out.set(key, { service, metric: `${m[1]}_${m[2]}`, labels, value: Number(m[4]) });
    }
  }));
  return out;
}

interface Row { service: string; what: string; count: number; seconds: number }

function rows(before: Snapshot, after: Snapshot, metric: string, what: (labels: Record<string, string>) => string | undefined): Row[] {
  const out: Row[] = [];
  for (const [key, sum] of after) {
    if (sum.metric !== `${metric}_sum`) continue;
    const label = what(sum.labels);
    if (label === undefined) continue;
    const countKey = key.replace(`|${metric}_sum|`, `|${metric}_count|`);
    const count = (after.get(countKey)?.value ?? 0) - (before.get(countKey)?.value ?? 0);
    const seconds = sum.value - (before.get(key)?.value ?? 0);
    if (count > 0) out.push({ service: sum.service, what: label, count, seconds });
  }
  return out.sort((a, b) => b.seconds - a.seconds);
}

const short = (topic: string) => topic.replace(/^huleedu\./, "").replace(/\.v\d+$/, "");

/** Print the breakdown of what happened between two snapshots, against the pipeline's wall time. */
export function printStageBreakdown(before: Snapshot, after: Snapshot, wallMs: number): void {
  const ms = (s: number) => (s * 1000).toFixed(1);
  const handlers = rows(before, after, "event_handler_duration_seconds", (l) => l.topic && short(l.topic));
  const waits = new Map(rows(before, after, "event_queue_wait_seconds", (l) => l.topic && short(l.topic)).map((r) => [`${r.service}|${r.what}`, r]));
  console.log(`  where the time went (service /metrics, before vs after the pipeline; wall time ${wallMs.toFixed(0)} ms):`);
  console.log("    service              topic handled                                   events  handler mean  handler total  busy % of wall  wait mean (creation -> handler)");
  for (const r of handlers) {
    const wait = waits.get(`${r.service}|${r.what}`);
    console.log(`    ${r.service.padEnd(20)} ${r.what.padEnd(42)} ${String(r.count).padStart(6)} ${`${ms(r.seconds / r.count)} ms`.padStart(13)} ${`${ms(r.seconds)} ms`.padStart(14)} ${(100 * (r.seconds * 1000) / wallMs).toFixed(0).padStart(14)}% ${wait ? `${ms(wait.seconds / wait.count)} ms`.padStart(12) : "           –"}`);
  }
  const compute = [
    ...rows(before, after, "spellcheck_duration_seconds", (l) => `spellcheck compute (correctText, ${l.language ?? "?"})`),
    ...rows(before, after, "nlp_duration_seconds", (l) => `nlp compute (computeTextMetrics, ${l.language ?? "?"})`),
  ];
  const http = rows(before, after, "http_request_duration_seconds", (l) => (l.route && !["/healthz", "/readyz", "/metrics"].includes(l.route) ? `${l.method} ${l.route} ${l.status}` : undefined));
  console.log("    inside the handlers and servers:                                 count          mean          total");
  for (const r of [...compute, ...http]) {
    console.log(`    ${`${r.service}: ${r.what}`.padEnd(64)} ${String(r.count).padStart(6)} ${`${ms(r.seconds / r.count)} ms`.padStart(13)} ${`${ms(r.seconds)} ms`.padStart(14)}`);
  }
  // Handler time not spent computing: content fetch + store (HTTP), publish, idempotency marks.
  for (const c of compute) {
    const handler = handlers.find((h) => h.service === c.service);
    if (handler) console.log(`    ${c.service}: handler time outside compute (content fetch, store, marks, publish): ${ms((handler.seconds - c.seconds) / handler.count)} ms/essay`);
  }
}
