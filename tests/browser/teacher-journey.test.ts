// The whole teacher journey in a real Chromium against the real stack (every service as its own
// process, as the launcher starts them): sign up, anchors, a batch with a prompt, drag-and-drop
// upload, live progress, comprehensive, results, an essay with its corrections, CSV, sign out; a
// second teacher sees none of it. axe-core checks every page for serious or critical violations.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { startE2EStack, type E2EStack } from "../e2e/support/e2e-stack.ts";
import { HAS_BROWSER, launchChromium, REQUIRE_BROWSER, screenshot, seriousViolations } from "./support/browser.ts";
import { sampleAnchors, sampleEssays, samplePrompt } from "./support/samples.ts";

const RUN = HAS_BROWSER || REQUIRE_BROWSER;
const PASSWORD = "correct horse battery staple";
const ASSIGNMENT = `phones-${Date.now().toString(36)}`;
let e2e: E2EStack;
let browser: Browser;

beforeAll(async () => {
  if (!RUN) return;
  browser = await launchChromium(); // throws (fails the file) when CI requires a browser that is missing
  // 30 s access tokens: the journey outlives several, so renewal (HTTP and the socket's 4001) is exercised too.
  e2e = await startE2EStack({ LOG_LEVEL: "warn", IDENTITY_ACCESS_TOKEN_TTL_SECONDS: "30" });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await e2e?.stop();
});

async function newTeacherPage(): Promise<{ context: BrowserContext; page: Page }> {
  // bypassCSP only so the test can inject axe-core; the app itself runs under the gateway's CSP.
  const context = await browser.newContext({ locale: "en-GB", acceptDownloads: true, bypassCSP: true, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error("[page error]", err.message));
  return { context, page };
}

async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousViolations(page);
  if (violations.length) console.error(where, JSON.stringify(violations, null, 2));
  expect({ where, violations }).toEqual({ where, violations: [] });
}

async function signUp(page: Page, email: string): Promise<void> {
  await page.goto(`${e2e.gateway}/`);
  await page.waitForURL(/\/sign-in/);
  await page.getByRole("link", { name: "Create account" }).click();
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Your batches" }).waitFor();
}

const until = async (what: string, check: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await Bun.sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** playwright-core has no test matchers: wait for the condition, then assert it (so a failure shows the value). */
async function expectCount(locator: Locator, n: number): Promise<void> {
  await until(`${n} of ${locator}`, async () => (await locator.count()) === n, 10_000).catch(() => undefined);
  expect(await locator.count()).toBe(n);
}
async function expectText(locator: Locator, text: string): Promise<void> {
  await until(`"${text}" in ${locator}`, async () => ((await locator.textContent()) ?? "").includes(text), 10_000).catch(() => undefined);
  expect((await locator.textContent()) ?? "").toContain(text);
}

describe.skipIf(!RUN)("teacher journey in Chromium", () => {
  let batchUrl = "";

  test("sign up → anchors → batch with prompt → drag-and-drop → live progress → comprehensive → results → essay → CSV → sign out", async () => {
    const { context, page } = await newTeacherPage();
    const essays = sampleEssays();
    await page.goto(`${e2e.gateway}/`);
    await page.waitForURL(/\/sign-in/);
    await screenshot(page, "sign-in");
    await expectAccessible(page, "sign-in");
    await signUp(page, `teacher-${crypto.randomUUID().slice(0, 8)}@school.example`);
    await page.getByText("No batches yet").waitFor();
    await expectAccessible(page, "dashboard (empty)");

    // Anchors for the assignment, so CJ can turn ranks into grades.
    await page.getByRole("link", { name: "Anchors" }).click();
    await page.getByLabel("Assignment id (optional, for anchors)").fill(ASSIGNMENT);
    const anchors = sampleAnchors();
    for (const [i, anchor] of anchors.entries()) {
      await page.getByLabel("Grade", { exact: true }).fill(anchor.grade);
      await page.getByLabel("Anchor text").fill(anchor.text);
      await page.getByRole("button", { name: "Add anchor" }).click();
      // Wait for this anchor to be listed before typing the next (the form clears its text on save).
      await expectCount(page.getByTestId("anchor-list").locator("tbody tr"), i + 1);
    }
    await expectText(page.getByRole("status").filter({ hasText: "Saved." }), "Saved.");
    await screenshot(page, "anchors");
    await expectAccessible(page, "anchors");

    // A new batch with its prompt; the essays arrive by drag and drop.
    await page.getByRole("link", { name: "New batch" }).click();
    await page.getByLabel("Instructions for the essay").fill("Write an argumentative essay: should schools ban mobile phones?");
    await page.getByLabel("Student prompt (what the students were asked)").fill(samplePrompt());
    await page.getByLabel("Assignment id (optional, for anchors)").fill(ASSIGNMENT);
    const dataTransfer = await page.evaluateHandle((files) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([f.text], f.name, { type: "text/plain" }));
      return dt;
    }, essays);
    await page.dispatchEvent('[data-testid="dropzone"]', "dragover", { dataTransfer });
    await page.dispatchEvent('[data-testid="dropzone"]', "drop", { dataTransfer });
    await expectText(page.getByTestId("staged-count"), `${essays.length} file(s) ready to upload`);
    await expectAccessible(page, "new batch");
    await page.getByRole("button", { name: "Create batch and upload" }).click();
    const results = page.getByTestId("file-results").locator("li");
    await results.first().waitFor();
    await expectCount(results, essays.length);
    await expectCount(page.getByTestId("file-results").getByText("Accepted"), essays.length);
    await screenshot(page, "new-batch-uploaded");
    await page.getByRole("link", { name: "Go to the batch" }).click();
    batchUrl = page.url();

    // Live: the batch turns ready without a reload (the socket's batch_status_changed).
    await page.locator('[data-testid="batch-status"] [data-status="READY_FOR_PIPELINE_EXECUTION"]').waitFor({ timeout: 60_000 });
    await page.getByLabel("Everything (comprehensive)").check();
    // Priced by the real entitlements service: 66 comparisons × 1 + 12 feedback texts × 2.
    await expectText(page.getByTestId("estimate"), "Estimated cost: 90 credits (66 comparisons + 12 feedback texts). You have 1000.");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByText("Requested. Progress appears below").waitFor();
    // Phases appear and advance as notifications arrive.
    await page.locator('[data-phase="spellcheck"]').waitFor({ timeout: 60_000 });
    const seenStates = new Set<string>();
    let progressShot = false;
    await until("comprehensive to finish", async () => {
      if (!progressShot && (await page.locator('[data-state="IN_PROGRESS"]').count()) > 0) {
        progressShot = true;
        await screenshot(page, "batch-live-progress");
      }
      for (const state of await page.locator("[data-phase]").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-phase")}:${e.getAttribute("data-state")}`))) seenStates.add(state);
      // The batch's status and each phase's row are updated by separate notifications: wait for both.
      const batchDone = (await page.locator('[data-testid="batch-status"] [data-status="COMPLETED_SUCCESSFULLY"]').count()) > 0;
      return batchDone && ["spellcheck", "nlp", "cj_assessment", "ai_feedback"].every((p) => seenStates.has(`${p}:COMPLETED_SUCCESSFULLY`));
    }, 300_000);
    expect([...seenStates].some((s) => s.endsWith(":IN_PROGRESS"))).toBe(true);
    for (const phase of ["spellcheck", "nlp", "cj_assessment", "ai_feedback"]) expect(seenStates).toContain(`${phase}:COMPLETED_SUCCESSFULLY`);

    // Every essay has a rank, a grade and feedback in the table.
    const rows = page.getByTestId("results-table").locator("tbody tr");
    await until("a complete results table", async () => {
      const cells = await rows.evaluateAll((trs) => trs.map((tr) => ["rank", "grade", "feedback"].map((c) => tr.querySelector(`[data-col="${c}"]`)?.textContent ?? "—")));
      return cells.length === essays.length && cells.every((c) => c.every((v) => v !== "—" && v !== ""));
    }, 60_000);
    const ranks = await rows.locator('[data-col="rank"]').allTextContents();
    expect(ranks.map(Number)).toEqual(essays.map((_, i) => i + 1));
    await page.getByTestId("ranking-chart").waitFor();
    expect(await page.getByTestId("ranking-chart").locator("circle").count()).toBe(essays.length);
    // Sorting by student reorders the table and says so.
    await page.getByRole("button", { name: "Sort by Student" }).click();
    const names = await rows.locator("th").allTextContents();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await page.getByRole("button", { name: "Sort by Rank" }).click();
    await screenshot(page, "batch-results");
    await expectAccessible(page, "batch results");

    // CSV: a header and one row per essay.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
    const csv = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(csv[0]).toStartWith("student,file_name,rank,score");
    expect(csv).toHaveLength(essays.length + 1);

    // An essay with misspellings (Liam) shows its corrections highlighted in place.
    await page.getByRole("link", { name: "Liam Andersson" }).click();
    await page.getByTestId("essay-text").waitFor();
    const marks = page.getByTestId("essay-text").locator("mark.correction");
    expect(await marks.count()).toBeGreaterThan(0);
    expect(await marks.locator("del").allTextContents()).toContain("becuase");
    await page.getByTestId("feedback").waitFor();
    await screenshot(page, "essay");
    await expectAccessible(page, "essay");

    // Swedish UI on the dashboard, with the live status.
    await page.getByRole("link", { name: "Batches" }).click();
    await page.getByLabel("Language").selectOption("sv");
    await page.getByRole("heading", { name: "Dina omgångar" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("sv");
    await expectText(page.locator('.card [data-status="COMPLETED_SUCCESSFULLY"]'), "Klar");
    await screenshot(page, "dashboard-sv");
    await expectAccessible(page, "dashboard (sv)");
    await page.getByLabel("Språk").selectOption("en");

    // Reload keeps the session (refresh cookie); sign out ends it.
    await page.reload();
    await page.getByRole("heading", { name: "Your batches" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(batchUrl);
    await page.waitForURL(/\/sign-in/);
    await context.close();
  }, 480_000);

  test("a second teacher sees none of the first teacher's batches or results", async () => {
    expect(batchUrl).toContain("/batches/");
    const { context, page } = await newTeacherPage();
    await signUp(page, `other-${crypto.randomUUID().slice(0, 8)}@school.example`);
    await page.getByText("No batches yet").waitFor();
    const answers: number[] = [];
    page.on("response", (r) => { if (new URL(r.url()).pathname.startsWith("/v1/batches/")) answers.push(r.status()); });
    await page.goto(batchUrl);
    await page.getByText("No results yet.").waitFor();
    await until("the batch calls", async () => answers.length >= 3, 10_000);
    expect(answers.every((s) => s === 404)).toBe(true);
    expect(await page.getByTestId("results-table").count()).toBe(0);
    await context.close();
  }, 60_000);

  test("a session that expires mid-work: the sign-in dialog opens over the page and the upload then goes on", async () => {
    const { context, page } = await newTeacherPage();
    const email = `late-${crypto.randomUUID().slice(0, 8)}@school.example`;
    await signUp(page, email);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New batch" }).click();
    await page.getByLabel("Instructions for the essay").fill("Describe your school.");
    const dataTransfer = await page.evaluateHandle((files) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([f.text], f.name, { type: "text/plain" }));
      return dt;
    }, sampleEssays().slice(0, 2));
    await page.dispatchEvent('[data-testid="dropzone"]', "drop", { dataTransfer });
    await context.clearCookies(); // no refresh cookie: the session cannot be renewed
    await Bun.sleep(31_000); // the 30 s access token expires
    await page.getByRole("button", { name: "Create batch and upload" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Your session has expired").waitFor();
    await expectAccessible(page, "sign-in dialog");
    await dialog.getByLabel("E-mail").fill(email);
    await dialog.getByLabel("Password").fill(PASSWORD);
    await dialog.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("file-results").waitFor({ timeout: 20_000 });
    await expectCount(page.getByTestId("file-results").getByText("Accepted"), 2);
    await context.close();
  }, 120_000);
});
