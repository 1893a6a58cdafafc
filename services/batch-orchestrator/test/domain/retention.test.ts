import { expect, test } from "bun:test";
import { parseOrgRetention, retentionDecision, type RetentionPolicy } from "../../src/domain/retention.ts";

const policy: RetentionPolicy = { defaultDays: 30, byOrg: parseOrgRetention("school-a=0, school-b=365"), noticeDays: 7 };
const now = new Date("2026-12-02T00:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

test("erase after the period, notice in the week before, keep otherwise; per organisation, 0 = never", () => {
  expect(retentionDecision(policy, { createdAt: daysAgo(31), orgId: null }, now)).toEqual({ kind: "erase", days: 30 });
  expect(retentionDecision(policy, { createdAt: daysAgo(25), orgId: null }, now)).toEqual({ kind: "notice", days: 30, eraseAfter: "2026-12-07T00:00:00.000Z" });
  expect(retentionDecision(policy, { createdAt: daysAgo(10), orgId: null }, now)).toEqual({ kind: "keep" });
  expect(retentionDecision(policy, { createdAt: daysAgo(1000), orgId: "school-a" }, now)).toEqual({ kind: "keep" });
  expect(retentionDecision(policy, { createdAt: daysAgo(100), orgId: "school-b" }, now)).toEqual({ kind: "keep" });
  expect(retentionDecision({ ...policy, defaultDays: 0 }, { createdAt: daysAgo(1000), orgId: null }, now)).toEqual({ kind: "keep" });
  expect(() => parseOrgRetention("school-c=soon")).toThrow();
});
