// The dashboard, sign-in/sign-up and the layout in Chromium against the real stack: paging through
// more batches than a page holds, the status filter, the "needs action" list, the credits left after
// a charged run; signing in and opening a batch with the keyboard alone (focus always visible);
// axe-core on the auth pages in Swedish and English and on the filtered dashboard; and a session
// that expires while a form is filled in (the dialog, a wrong password, cancel, then sign in: the
// typed text is kept and saved).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { readyBatch, waitForStatus } from "../e2e/support/batches.ts";
import { eventually, startE2EStack, type E2EStack } from "../e2e/support/e2e-stack.ts";
import { signUpTeacher, storePrompt, uploadFiles, type Teacher } from "../e2e/support/teachers.ts";
import { HAS_BROWSER, launchChromium, REQUIRE_BROWSER, expectAccessible, screenshot } from "./support/browser.ts";
import { cardIds, focusReport, tabTo, until } from "./support/dashboard.ts";
import { sampleEssays, samplePrompt } from "./support/samples.ts";

const RUN = HAS_BROWSER || REQUIRE_BROWSER;
const PASSWORD = "correct horse battery staple";
const PAGE_SIZE = 10; // DashboardPage's PAGE_SIZE
let e2e: E2EStack;
let browser: Browser;

beforeAll(async () => {
  if (!RUN) return;
  browser = await launchChromium();
  // 30 s access tokens (identity's minimum), so the expired-session test waits only that long.
  e2e = await startE2EStack({ LOG_LEVEL: "warn", IDENTITY_ACCESS_TOKEN_TTL_SECONDS: "30" });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await e2e?.stop();
});

async function newPage(locale = "en-GB"): Promise<{ context: BrowserContext; page: Page }> {
  // bypassCSP only so the test can inject axe-core; the app itself runs under the gateway's CSP.
  const context = await browser.newContext({ locale, bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error("[page error]", err.message));
  return { context, page };
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${e2e.gateway}/sign-in`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your batches" }).waitFor();
}

async function register(teacher: Teacher, name: string, expected: number): Promise<string> {
  const { data, response } = await e2e.client(teacher.token).POST("/v1/batches/register", {
    body: { expected_essay_count: expected, course_code: "ENG5", essay_instructions: "Write about mobile phones in schools.", name },
  });
  if (response.status !== 201 || !data) throw new Error(`registration failed: ${response.status}`);
  return data.batch_id;
}

async function balance(teacher: Teacher): Promise<{ balance: number; consumed: number }> {
  const { data } = await e2e.client(teacher.token).GET("/v1/credits");
  if (!data) throw new Error("no credits answer");
  return { balance: data.balance, consumed: data.consumed };
}

const shownCredits = async (page: Page) => Number(await page.getByTestId("credits").textContent());

describe.if(RUN)("dashboard and account pages in Chromium", () => {
  let teacher: Teacher;
  let newestFirst: string[] = [];

  test("paging, status filter, needs action and the credits left after a charged run", async () => {
    teacher = await signUpTeacher(e2e);
    const essays = sampleEssays().slice(0, 3).map((e) => e.text);
    // Ranking needs the student prompt.
    const ranked = await readyBatch(e2e, teacher, essays, { name: "Ranked batch", prompt: await storePrompt(e2e, samplePrompt()) });
    // A batch whose first upload had an empty file: it becomes ready once a good file arrives, with one failure.
    const flawed = await register(teacher, "Batch with a bad file", 2);
    expect((await uploadFiles(e2e, teacher.token, flawed, [
      { name: "good-1.txt", bytes: essays[0] as string, type: "text/plain" },
      { name: "empty.txt", bytes: "", type: "text/plain" },
    ])).body.files?.filter((f) => !f.accepted)).toHaveLength(1);
    await uploadFiles(e2e, teacher.token, flawed, [{ name: "good-2.txt", bytes: essays[1] as string, type: "text/plain" }]);
    expect(await waitForStatus(e2e.client(teacher.token), flawed, ["READY_FOR_PIPELINE_EXECUTION"])).toBe("READY_FOR_PIPELINE_EXECUTION");
    const waiting: string[] = [];
    for (let i = 1; i <= PAGE_SIZE + 1; i++) waiting.push(await register(teacher, `Waiting ${String(i).padStart(2, "0")}`, 1));
    newestFirst = [...waiting].reverse().concat(flawed, ranked);

    const { context, page } = await newPage();
    await signIn(page, teacher.email);
    const before = await balance(teacher);
    await until("the credits in the header", async () => (await page.getByTestId("credits").count()) > 0);
    expect(await shownCredits(page)).toBe(before.balance);

    // Page 1 holds the ten newest; Next shows the other three; Previous comes back.
    const next = page.getByRole("button", { name: "Next" });
    const previous = page.getByRole("button", { name: "Previous" });
    await until("page 1", async () => (await cardIds(page)).length === PAGE_SIZE);
    expect(await cardIds(page)).toEqual(newestFirst.slice(0, PAGE_SIZE));
    expect(await previous.isDisabled()).toBe(true);
    expect(await next.isDisabled()).toBe(false);
    // The failed file is named even though its batch is on page 2.
    const flagged = page.getByTestId("needs-action").locator(`li[data-batch-id="${flawed}"]`);
    await flagged.waitFor();
    expect(await flagged.textContent()).toContain("Batch with a bad file: 1 file(s) failed validation");
    expect(await page.getByTestId("needs-action").locator("li").count()).toBe(1);
    await next.click();
    await until("page 2", async () => (await cardIds(page)).length === newestFirst.length - PAGE_SIZE);
    expect(await cardIds(page)).toEqual(newestFirst.slice(PAGE_SIZE));
    expect(await page.getByText("Page 2").count()).toBe(1);
    expect(await next.isDisabled()).toBe(true);
    await previous.click();
    await until("page 1 again", async () => (await cardIds(page)).length === PAGE_SIZE);
    expect(await cardIds(page)).toEqual(newestFirst.slice(0, PAGE_SIZE));

    // A ranking run is charged; the header follows the entitlements API without a reload.
    const run = await e2e.client(teacher.token).POST("/v1/batches/{batch_id}/pipelines", { params: { path: { batch_id: ranked } }, body: { requested_pipeline: "cj_assessment" } });
    expect(run.response.status).toBe(202);
    expect(await waitForStatus(e2e.client(teacher.token), ranked, ["COMPLETED_SUCCESSFULLY", "COMPLETED_WITH_FAILURES", "FAILED_CRITICALLY"], 120_000)).toBe("COMPLETED_SUCCESSFULLY");
    const after = await eventually("the run's charge", async () => {
      const now = await balance(teacher);
      return now.consumed > before.consumed ? now : undefined;
    });
    expect(after.balance).toBe(before.balance - (after.consumed - before.consumed));
    await until("the charged balance in the header", async () => (await shownCredits(page)) === after.balance, 20_000).catch(() => undefined);
    expect(await shownCredits(page)).toBe(after.balance);
    // A refused pipeline (ranking needs a prompt, which this batch lacks) is added live.
    const refused = await e2e.client(teacher.token).POST("/v1/batches/{batch_id}/pipelines", { params: { path: { batch_id: flawed } }, body: { requested_pipeline: "cj_assessment" } });
    expect(refused.response.status).toBe(202);
    await until("the refusal in needs action", async () => ((await flagged.textContent()) ?? "").includes("A pipeline was refused"), 20_000).catch(() => undefined);
    expect(await flagged.textContent()).toContain("1 file(s) failed validation; A pipeline was refused: ");
    await screenshot(page, "dashboard");

    // The status filter lists only batches of that status, paged on its own.
    const filter = page.getByLabel("Show");
    const listed = async (status: string, n: number) => {
      await until(`${n} ${status} cards`, async () => (await page.locator(`[data-testid="batch-list"] .card [data-status="${status}"]`).count()) === n && (await cardIds(page)).length === n);
      return cardIds(page);
    };
    await filter.selectOption("COMPLETED_SUCCESSFULLY");
    expect(await listed("COMPLETED_SUCCESSFULLY", 1)).toEqual([ranked]);
    await filter.selectOption("READY_FOR_PIPELINE_EXECUTION");
    expect(await listed("READY_FOR_PIPELINE_EXECUTION", 1)).toEqual([flawed]);
    await expectAccessible(page, "dashboard filtered (en)");
    await filter.selectOption("AWAITING_CONTENT");
    expect(await listed("AWAITING_CONTENT", PAGE_SIZE)).toEqual(newestFirst.slice(0, PAGE_SIZE));
    await next.click();
    expect(await listed("AWAITING_CONTENT", 1)).toEqual([waiting[0] as string]);
    await page.getByLabel("Language").selectOption("sv");
    await page.getByRole("heading", { name: "Dina omgångar" }).waitFor();
    await expectAccessible(page, "dashboard filtered (sv)");
    await page.getByLabel("Språk").selectOption("en");

    // The needs-action link opens its batch.
    await page.getByTestId("needs-action").getByRole("link", { name: "Batch with a bad file" }).click();
    await page.waitForURL(new RegExp(`/batches/${flawed}$`));
    await page.getByTestId("batch-status").waitFor();
    await context.close();
  }, 240_000);

  test("keyboard only: sign in and open a batch with Tab and Enter; every focused control shows its focus", async () => {
    expect(newestFirst.length).toBeGreaterThan(0);
    const { context, page } = await newPage();
    await page.goto(`${e2e.gateway}/sign-in`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    const seen: string[] = [];
    const email = await tabTo(page, (el) => el.name === "email", seen);
    expect(email.visible).toBe(true);
    await page.keyboard.type(teacher.email);
    await page.keyboard.press("Tab");
    expect((await focusReport(page)).name).toBe("password");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Your batches" }).waitFor();
    await until("the list", async () => (await cardIds(page)).length === PAGE_SIZE);

    // The first Tab reaches the skip link, which is shown while focused.
    const skip = await tabTo(page, (el) => el.text === "Skip to content", seen, 1);
    expect(skip.onScreen).toBe(true);
    // Paging by keyboard: Next (the last page disables it) keeps the focus in the pager; Previous goes back.
    await tabTo(page, (el) => el.text === "Next", seen, 60);
    await page.keyboard.press("Enter");
    await until("page 2", async () => (await cardIds(page)).length === newestFirst.length - PAGE_SIZE);
    await until("the focus on Previous", async () => (await focusReport(page)).text === "Previous", 3_000).catch(() => undefined);
    const after = await focusReport(page);
    expect({ tag: after.tag, text: after.text, visible: after.visible }).toEqual({ tag: "button", text: "Previous", visible: true });
    await page.keyboard.press("Enter");
    await until("page 1", async () => (await cardIds(page)).length === PAGE_SIZE);
    expect(await cardIds(page)).toEqual(newestFirst.slice(0, PAGE_SIZE));
    // Back to the cards above the pager.
    const first = newestFirst[0] as string;
    await tabTo(page, (el) => el.href?.endsWith(`/batches/${first}`) === true, seen, 40, "Shift+Tab");
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/batches/${first}$`));
    await page.getByTestId("batch-status").waitFor();
    await context.close();
    const hidden = seen.filter((s) => !s.startsWith("visible "));
    expect({ focused: seen.length, hidden }).toEqual({ focused: seen.length, hidden: [] });
    expect(seen.length).toBeGreaterThan(5);
  }, 60_000);

  for (const [locale, texts] of [
    ["sv-SE", { lang: "sv", signIn: "Logga in", signUp: "Skapa konto" }],
    ["en-GB", { lang: "en", signIn: "Sign in", signUp: "Create account" }],
  ] as const) {
    test(`axe-core: the sign-in and sign-up pages in ${texts.lang}`, async () => {
      const { context, page } = await newPage(locale);
      await page.goto(`${e2e.gateway}/`);
      await page.waitForURL(/\/sign-in/);
      await page.getByRole("heading", { name: texts.signIn }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(texts.lang);
      await expectAccessible(page, `sign-in (${texts.lang})`);
      await page.getByRole("link", { name: texts.signUp }).click();
      await page.getByRole("heading", { name: texts.signUp }).waitFor();
      await expectAccessible(page, `sign-up (${texts.lang})`);
      // A refused sign-up (too short a password is caught by the browser; an existing address by identity).
      await page.locator('input[name="email"]').fill(teacher.email);
      await page.locator('input[name="password"]').fill("another long password");
      await page.getByRole("button", { name: texts.signUp }).click();
      await page.getByRole("alert").waitFor();
      await expectAccessible(page, `sign-up refused (${texts.lang})`);
      await context.close();
    }, 60_000);
  }

  test("a session that expires on the anchors page: wrong password, cancel, then sign in; the typed anchor is kept and saved", async () => {
    const { context, page } = await newPage();
    await signIn(page, teacher.email);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Anchors" }).click();
    const assignment = `expiry-${crypto.randomUUID().slice(0, 6)}`;
    const text = "An anchor essay typed by hand while the session runs out. ".repeat(4).trim();
    await page.getByLabel("Assignment id (optional, for anchors)").fill(assignment);
    await page.getByLabel("Grade", { exact: true }).fill("B");
    await page.getByLabel("Anchor text").fill(text);
    await context.clearCookies(); // no refresh cookie: the session cannot be renewed
    await Bun.sleep(31_000); // the 30 s access token expires
    await page.getByRole("button", { name: "Add anchor" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Your session has expired").waitFor();
    await dialog.getByLabel("E-mail").fill(teacher.email);
    await dialog.getByLabel("Password").fill("not the password at all");
    await dialog.getByRole("button", { name: "Sign in" }).click();
    await dialog.getByRole("alert").waitFor();
    expect(await dialog.isVisible()).toBe(true);
    // Cancel: the save fails with a sentence, and nothing typed is lost.
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await until("the dialog to close", async () => !(await dialog.isVisible()));
    await page.locator("form").getByRole("alert").waitFor();
    expect(await page.getByLabel("Anchor text").inputValue()).toBe(text);
    expect(await page.getByLabel("Assignment id (optional, for anchors)").inputValue()).toBe(assignment);
    // Again, and sign in this time: the save goes through.
    await page.getByRole("button", { name: "Add anchor" }).click();
    await dialog.getByText("Your session has expired").waitFor();
    await dialog.getByLabel("E-mail").fill(teacher.email);
    await dialog.getByLabel("Password").fill(PASSWORD);
    await dialog.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("anchor-list").locator("tbody tr").count()).toBe(1);
    expect(await page.getByTestId("anchor-list").locator("tbody td").first().textContent()).toBe("B");
    await context.close();
  }, 120_000);
});
