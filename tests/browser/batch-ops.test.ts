// The batch page's corrections in Chromium against the real stack: rename (kept after a reload and
// shown on the dashboard), replace a file (and the sentence for a file that cannot be used), download
// a text, remove a file (the last one is refused with a sentence), cancel a
// slow ranking run from the page and from elsewhere (the socket's pipeline_cancelled), run again,
// retry the essays a phase failed, and erase the batch. axe-core checks the batch page in each state.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { readyBatch, waitForStatus } from "../e2e/support/batches.ts";
import { startE2EStack, type E2EStack } from "../e2e/support/e2e-stack.ts";
import { MISSPELT_ESSAYS } from "../e2e/support/essays.ts";
import { signUpTeacher, storePrompt, type Teacher } from "../e2e/support/teachers.ts";
import { HAS_BROWSER, launchChromium, REQUIRE_BROWSER, expectAccessible, screenshot, signedInPage } from "./support/browser.ts";
import { sampleEssays, samplePrompt } from "./support/samples.ts";

const RUN = HAS_BROWSER || REQUIRE_BROWSER;
const ESSAYS = [
  "Mobile phones in schools distract students from their lessons and should be handled with care.",
  "Schools should teach students how to use phones responsibly instead of banning them entirely.",
];
const REVISED = "Mobile phones in schools can help students learn when teachers set clear rules for their use in lessons.";
let e2e: E2EStack;
let browser: Browser;

beforeAll(async () => {
  if (!RUN) return;
  browser = await launchChromium();
  // A slow local judge (one call at a time, 120 ms each) so that a ranking run is still going when cancelled.
  e2e = await startE2EStack({ LOG_LEVEL: "warn", LPS_LOCAL_JUDGE_DELAY_MS: "120", LPS_CONCURRENCY: "1", LPS_LOCAL_BATCH_SIZE: "1", CJ_MONITOR_INTERVAL_MS: "3600000", CJ_STALL_TIMEOUT_MS: "3600000" });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await e2e?.stop();
});

async function openBatch(page: Page, batchId: string): Promise<void> {
  await page.goto(`${e2e.gateway}/batches/${batchId}`);
  await page.getByTestId("batch-status").waitFor();
}

/** Choose a new file for `current` with the row's "Replace file" button. */
async function replace(page: Page, current: string, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: `Replace file ${current}` }).click()]);
  await chooser.setFiles(file);
}

const fileNames = (page: Page) => page.getByTestId("batch-files").getByTestId("file-name").allTextContents();
const batchStatus = (page: Page) => page.getByTestId("batch-status").locator("[data-status]").getAttribute("data-status");
const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await Bun.sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
};

const signIn = (teacher: Teacher) => signedInPage(browser, e2e.gateway, teacher.email, { acceptDownloads: true });

describe.if(RUN)("batch corrections in Chromium", () => {
  test("rename inline (kept after a reload, shown on the dashboard); replace a file; a too-short or corrupt file gives a sentence (en and sv); download, remove; erase", async () => {
    const teacher = await signUpTeacher(e2e);
    const batchId = await readyBatch(e2e, teacher, ESSAYS);
    const { context, page } = await signIn(teacher);
    await openBatch(page, batchId);

    await page.getByRole("button", { name: "Rename" }).click();
    await page.getByLabel("Batch name").fill("  9A phones debate  ");
    await page.getByRole("button", { name: "Save name" }).click();
    await page.getByRole("status").filter({ hasText: "The name is saved." }).waitFor();
    expect(await page.getByTestId("batch-name").textContent()).toBe("9A phones debate");
    await page.reload();
    await page.getByRole("heading", { name: "9A phones debate" }).waitFor();
    await page.goto(`${e2e.gateway}/`);
    await page.getByTestId("batch-list").getByRole("link", { name: "9A phones debate" }).waitFor();

    await openBatch(page, batchId);
    await page.getByTestId("batch-files").waitFor();
    expect((await fileNames(page)).sort()).toEqual(["essay-1.txt", "essay-2.txt"]);
    await replace(page, "essay-1.txt", { name: "essay-1-revised.txt", mimeType: "text/plain", buffer: Buffer.from(REVISED) });
    await page.getByRole("status").filter({ hasText: "essay-1-revised.txt replaced the old file." }).waitFor();
    await until("the new file name in the list", async () => (await fileNames(page)).includes("essay-1-revised.txt"));
    expect((await fileNames(page)).sort()).toEqual(["essay-1-revised.txt", "essay-2.txt"]);

    await replace(page, "essay-2.txt", { name: "short.txt", mimeType: "text/plain", buffer: Buffer.from("Too short.") });
    const tooShort = page.getByRole("alert").filter({ hasText: "short.txt: The text is too short to be an essay" });
    await tooShort.waitFor();
    await expectAccessible(page, "batch page with a replaced file and a refused one");
    await replace(page, "essay-2.txt", { name: "broken.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\nthis is not really a pdf") });
    await page.getByRole("alert").filter({ hasText: "broken.pdf:" }).waitFor();
    const corrupt = await page.getByRole("alert").filter({ hasText: "broken.pdf:" }).textContent();
    expect(corrupt).not.toContain("Something went wrong");
    console.log(`batch-ops: the corrupt PDF reads "${corrupt?.trim()}"`);
    expect((await fileNames(page)).sort()).toEqual(["essay-1-revised.txt", "essay-2.txt"]); // nothing changed

    await page.getByLabel("Language").selectOption("sv");
    await page.getByRole("button", { name: "Byt fil essay-2.txt" }).waitFor();
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Byt fil essay-2.txt" }).click()]);
    await chooser.setFiles({ name: "kort.txt", mimeType: "text/plain", buffer: Buffer.from("För kort.") });
    await page.getByRole("alert").filter({ hasText: "kort.txt: Texten är för kort för att vara en uppsats" }).waitFor();
    await expectAccessible(page, "batch page (sv) with a refused file");
    await page.getByLabel("Språk").selectOption("en");

    // The replaced text downloads as it is now; removing essay-2 leaves one essay, which cannot be removed.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download text essay-1-revised.txt" }).click()]);
    expect(readFileSync(await download.path(), "utf8").trim()).toBe(REVISED);
    await page.getByRole("button", { name: "Remove essay-2.txt" }).click();
    await page.getByRole("button", { name: "Yes, remove" }).click();
    await until("essay-2 removed from the list", async () => (await fileNames(page)).join() === "essay-1-revised.txt");
    await page.getByRole("button", { name: "Remove essay-1-revised.txt" }).click();
    await page.getByRole("button", { name: "Yes, remove" }).click();
    await page.getByRole("alert").filter({ hasText: "This is the batch's only essay: erase the whole batch instead." }).waitFor();

    // Erase, after a confirm step: back on the dashboard the batch is gone, and its routes answer 404.
    await page.getByRole("button", { name: "Erase batch" }).click();
    await page.getByRole("alertdialog").getByText("Erase this batch").waitFor();
    await expectAccessible(page, "batch page: erase confirm open");
    await page.getByRole("button", { name: "Yes, erase the batch" }).click();
    await page.getByRole("heading", { name: "Your batches" }).waitFor();
    await until("the erased batch gone from the list", async () => (await page.getByRole("link", { name: "9A phones debate" }).count()) === 0);
    const gone = await fetch(`${e2e.gateway}/v1/batches/${batchId}`, { headers: { Authorization: `Bearer ${teacher.token}` } });
    expect(gone.status).toBe(404);
    await context.close();
  }, 120_000);

  test("cancel a slow ranking run from the page (with a confirm step), run it again, and see a cancellation made elsewhere arrive over the socket", async () => {
    const teacher = await signUpTeacher(e2e);
    const essays = sampleEssays().map((e) => e.text);
    const batchId = await readyBatch(e2e, teacher, essays, { prompt: await storePrompt(e2e, samplePrompt()) });
    const { context, page } = await signIn(teacher);
    await openBatch(page, batchId);

    const start = async () => {
      await page.getByRole("radio", { name: "Ranking and grades" }).check();
      await page.getByRole("button", { name: "Run", exact: true }).click();
      await page.getByRole("button", { name: "Cancel run" }).waitFor({ timeout: 60_000 });
      await page.locator('[data-phase="cj_assessment"][data-state="IN_PROGRESS"]').waitFor({ timeout: 60_000 });
    };
    await start();
    expect(await page.getByRole("button", { name: "Replace file essay-1.txt" }).isDisabled()).toBe(true); // no file changes mid-run
    expect(await page.getByRole("button", { name: "Erase batch" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Cancel run" }).click();
    await page.getByRole("alertdialog").getByText("Cancel the running pipeline?").waitFor();
    await expectAccessible(page, "batch page: running, cancel confirm open");
    await screenshot(page, "batch-cancel-confirm");
    // "Keep it running" closes the question and changes nothing.
    await page.getByRole("button", { name: "Keep it running" }).click();
    expect(await page.getByRole("alertdialog").count()).toBe(0);
    expect(await batchStatus(page)).toBe("PROCESSING_PIPELINES");
    await page.getByRole("button", { name: "Cancel run" }).click();
    await page.getByRole("button", { name: "Yes, cancel the run" }).click();

    await page.getByTestId("run-cancelled").waitFor();
    await until("the batch ready again", async () => (await batchStatus(page)) === "READY_FOR_PIPELINE_EXECUTION");
    await page.locator('[data-phase="cj_assessment"][data-state="CANCELLED"]').waitFor();
    expect(await page.getByRole("button", { name: "Cancel run" }).count()).toBe(0);
    await expectAccessible(page, "batch page: run cancelled");

    // A pipeline can be started again; this time it is cancelled through the API (another tab, a
    // script): the page learns it from the socket's batch_status_changed (reason pipeline_cancelled).
    await start();
    expect(await page.getByTestId("run-cancelled").count()).toBe(0);
    const res = await fetch(`${e2e.gateway}/v1/batches/${batchId}/cancel`, { method: "POST", headers: { Authorization: `Bearer ${teacher.token}` } });
    expect(res.status).toBe(200);
    await page.getByTestId("run-cancelled").waitFor();
    await until("the batch ready again (socket)", async () => (await batchStatus(page)) === "READY_FOR_PIPELINE_EXECUTION");
    expect(await page.getByRole("button", { name: "Cancel run" }).count()).toBe(0);
    await context.close();
  }, 240_000);

  test("a phase that failed an essay offers 'Retry failed essays' with the count; the retry succeeds", async () => {
    const teacher = await signUpTeacher(e2e);
    const batchId = await readyBatch(e2e, teacher, MISSPELT_ESSAYS, { prompt: await storePrompt(e2e, "Phones?") });
    const key = e2e.stack.env.HULEEDU_INTERNAL_API_KEY as string;
    const listed = await fetch(`${e2e.stack.urls["els-api"]}/internal/v1/batches/${batchId}/essays`, { headers: { "X-Internal-API-Key": key } });
    const victim = ((await listed.json()) as { essays: { essay_id: string; text_storage_id: string }[] }).essays[1] as { text_storage_id: string };
    // Fault injection as in tests/e2e/pipeline-cancel-retry.test.ts: the text is gone, so spellcheck fails that essay.
    const contentDb = new Database(join(e2e.stack.env.HULEEDU_DATA_DIR as string, "content-service/content.sqlite"));
    const saved = contentDb.query("SELECT * FROM contents WHERE storage_id = ?").get(victim.text_storage_id) as Record<string, string | number | Uint8Array>;
    expect(contentDb.query("DELETE FROM contents WHERE storage_id = ?").run(victim.text_storage_id).changes).toBe(1);

    const { context, page } = await signIn(teacher);
    await openBatch(page, batchId);
    await page.getByRole("radio", { name: "Spelling" }).check();
    await page.getByRole("button", { name: "Run", exact: true }).click();
    expect(await waitForStatus(e2e.client(teacher.token), batchId, ["COMPLETED_WITH_FAILURES"])).toBe("COMPLETED_WITH_FAILURES");
    const retry = page.getByRole("button", { name: "Retry failed essays: Spelling (1)" });
    await retry.waitFor();
    await expectAccessible(page, "batch page: a phase with a failed essay");

    contentDb.query("INSERT INTO contents (storage_id, sha256, size_bytes, media_type, body, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(saved.storage_id as string, saved.sha256 as string, saved.size_bytes as number, saved.media_type as string, saved.body as Uint8Array, saved.created_at as string);
    contentDb.close();
    await retry.click();
    await page.getByRole("status").filter({ hasText: "Retry started for 1 essay(s)." }).waitFor();
    expect(await waitForStatus(e2e.client(teacher.token), batchId, ["COMPLETED_SUCCESSFULLY"])).toBe("COMPLETED_SUCCESSFULLY");
    await until("the batch shown completed", async () => (await batchStatus(page)) === "COMPLETED_SUCCESSFULLY");
    await until("no retry offered", async () => (await page.getByRole("button", { name: /^Retry failed essays/ }).count()) === 0);
    await context.close();
  }, 180_000);
});
