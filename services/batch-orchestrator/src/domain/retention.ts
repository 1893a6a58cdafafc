/** Retention policy: erase batches older than a number of days (0 = never), per organisation. */
export interface RetentionPolicy {
  defaultDays: number;
  byOrg: ReadonlyMap<string, number>;
  noticeDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `org-a=30,org-b=0` → map; a malformed pair is a config error. */
export function parseOrgRetention(spec: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const pair of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [org, days] = pair.split("=");
    const n = Number(days);
    if (!org || !Number.isInteger(n) || n < 0) throw new Error(`retention "${pair}" must be <org_id>=<whole days>`);
    map.set(org, n);
  }
  return map;
}

export function retentionDays(policy: RetentionPolicy, orgId: string | null): number {
  return (orgId !== null ? policy.byOrg.get(orgId) : undefined) ?? policy.defaultDays;
}

/** What the policy asks for a batch created at `createdAt`, seen at `now`. */
export function retentionDecision(policy: RetentionPolicy, batch: { createdAt: string; orgId: string | null }, now: Date):
  { kind: "keep" } | { kind: "notice"; eraseAfter: string; days: number } | { kind: "erase"; days: number } {
  const days = retentionDays(policy, batch.orgId);
  if (days <= 0) return { kind: "keep" };
  const eraseAt = Date.parse(batch.createdAt) + days * DAY_MS;
  if (now.getTime() >= eraseAt) return { kind: "erase", days };
  if (now.getTime() >= eraseAt - policy.noticeDays * DAY_MS) return { kind: "notice", eraseAfter: new Date(eraseAt).toISOString(), days };
  return { kind: "keep" };
}
