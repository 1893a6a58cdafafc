// The corpus runner end to end: a small corpus written here (invented essays and scores, quoted
// multi-line CSV fields), run by `scripts/assess-corpus.ts` through the public API of a real stack
// this test starts, and the printed table read back.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tempDir } from "../../shared/testing/temp-dir.ts";
import { REPORT_COLUMNS } from "../../scripts/corpus/corpus-report.ts";
import { startE2EStack, type E2EStack } from "./support/e2e-stack.ts";

const ROOT = resolve(import.meta.dir, "../..");

// Invented for this test: better essays are longer, more developed and better spelt.
const ESSAYS: [string, number, string][] = [
  ["p1", 1, "i think phones is bad. they is bad in class. i dont like it and teachers dont like it to. thats all i think about it."],
  ["p2", 2, "Phones in school are bad because students play games.\nThey do not listen to the teacher and they get bad grades. I think school should take them."],
  ["p3", 2, "Some people say phones help, but I think they distract. When my friend gets a message she stops working, and then she asks me what to do. That is why I would ban them."],
  ["p4", 3, "Should schools ban phones? I believe they should limit them.\n\nFirst, phones distract students during lessons. Second, they can be used for cheating on tests. However, \"phones can be useful\" for looking things up, so a total ban may go too far."],
  ["p5", 3, "Phones, in my opinion, belong in bags during lessons. A student who checks messages loses the thread of the lesson, and it takes minutes to find it again. On the other hand, phones let parents reach their children, which matters after school. A rule for lessons, not a ban, is the fair answer."],
  ["p6", 4, "Schools should not ban phones outright, but they should set clear rules.\n\nResearch on attention suggests that even a silent phone on the desk draws the eye. Teachers report that lessons run more smoothly when phones are put away. Yet phones are also calculators, dictionaries and cameras, and a good teacher can plan a lesson around them. The sensible policy, therefore, is to keep phones away by default and to let teachers invite them in when the task needs them."],
  ["p7", 5, "The question of phones in school is usually framed as a choice between freedom and discipline, but that framing hides what matters: learning.\n\nWhen a phone is within reach, attention is divided, and divided attention makes deep work harder. Students themselves often say that they study better when the phone is in another room. At the same time, a blanket ban teaches nothing about self-control, and it ignores the real uses of phones for research, translation and safety.\n\nA better policy combines structure with trust: phones stay in lockers during lessons, teachers may allow them for specific tasks, and older students earn more freedom as they show they can manage it."],
  ["p8", 4, "Many students, \"including me\", use phones every day, so a ban would be hard to enforce. Still, I agree that phones harm concentration in lessons. My proposal is simple: phones are switched off in class, allowed during breaks, and teachers decide when a lesson needs them. This keeps the benefits while reducing the distraction that worries parents and teachers."],
];

const csv = (s: string) => `"${s.replaceAll('"', '""')}"`;
let e2e: E2EStack;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  e2e = await startE2EStack();
  dir = tempDir("huleedu-corpus-test-");
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
  dir?.remove();
});

test("8 invented essays, 1 batch of 6, anchors from the other 2: the table has the group row with sane numbers", async () => {
  const file = join(dir.path, "invented-corpus.csv");
  writeFileSync(file, ["pupil,task,body,mark", ...ESSAYS.map(([id, mark, body]) => `${id},phones,${csv(body)},${mark}`)].join("\r\n") + "\r\n");
  const proc = Bun.spawn([
    "bun", join(ROOT, "scripts/assess-corpus.ts"), file, "--batches", "1", "--batch-size", "6", "--anchors-per-band", "1", "--seed", "1",
    "--text-col", "body", "--score-col", "mark", "--group-col", "task", "--id-col", "pupil",
    "--base-url", e2e.gateway, "--identity-url", e2e.stack.urls.identity as string, "--lps-url", e2e.stack.urls["llm-provider"] as string,
  ], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) console.error(stderr);
  expect(code).toBe(0);
  expect(stderr).toContain(`using the running stack at ${e2e.gateway}`);
  expect(stderr).toMatch(/\[#+\] 6\/6 100%/); // the progress bar reached the end
  expect(stdout).toContain("8 essays in 1 groups");

  const lines = stdout.split("\n");
  const header = lines.findIndex((l) => l.startsWith("group") && l.includes("ρ CJ rank"));
  expect(header).toBeGreaterThan(0);
  for (const column of REPORT_COLUMNS) expect(lines[header]).toContain(column);
  const rows = lines.slice(header + 2).filter((l) => /^\S/.test(l) && !l.startsWith(" "));
  expect(rows.map((r) => r.split(/\s{2,}/)[0])).toEqual(["phones"]);
  console.log(`assess-corpus e2e:\n${lines[header]}\n${rows[0]}`);
  const cells = Object.fromEntries(REPORT_COLUMNS.map((c, i) => [c, (rows[0] as string).trim().split(/\s{2,}/)[i] as string]));
  expect([cells.batches, cells.essays]).toEqual(["1", "6"]);
  expect(cells.anchors).toBe("2"); // seed 1 leaves two essays of different bands out of the batch
  expect(Number(cells.ECE)).toBeGreaterThanOrEqual(0);
  expect(Number(cells.ECE)).toBeLessThanOrEqual(1);
  for (const c of ["ρ CJ rank", "ρ length", "QWK grade", "QWK length"] as const) {
    expect(Math.abs(Number(cells[c]))).toBeLessThanOrEqual(1);
  }
  const comparisons = Number(cells.comparisons);
  expect(comparisons).toBeGreaterThan(0);
  expect(comparisons).toBeLessThanOrEqual(48); // CJ's default budget for 6 essays + 2 anchors
  expect(Number(cells["per item"])).toBeCloseTo((2 * comparisons) / 8, 1);
  expect(Number(cells["credits/essay"])).toBeCloseTo(comparisons / 6, 1); // one credit a comparison by default
  expect(cells["USD/essay"]).toBe("$0.0000"); // the offline judge costs nothing
  expect(Number(cells["wall s"])).toBeGreaterThan(0);
  expect(stderr).toMatch(/batch 1 \(group phones\): 6 essays, 6 ranked, 6 graded/);
}, 120_000);

test("--dry-run plans without starting or spending anything, even with no stack answering", async () => {
  const file = join(dir.path, "invented-dry-run.tsv");
  writeFileSync(file, ["pupil\ttask\tbody\tmark", ...ESSAYS.map(([id, mark, body]) => `${id}\tphones\t${csv(body)}\t${mark}`)].join("\n"));
  const proc = Bun.spawn([
    "bun", join(ROOT, "scripts/assess-corpus.ts"), file, "--batch-size", "6", "--anchors-per-band", "1", "--seed", "1", "--dry-run",
    "--text-col", "body", "--score-col", "mark", "--group-col", "task", "--id-col", "pupil", "--base-url", "http://127.0.0.1:9",
  ], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  expect(code).toBe(0);
  expect(stderr).toBe("");
  expect(stdout).toMatch(/^\s+1\s+phones\s+6\s+1–5\s+numeric_1_5\s+2\s+48\s+48$/m);
  expect(stdout).toContain("Nothing was started or spent");
  expect(stdout).not.toContain("ρ CJ rank");
});
