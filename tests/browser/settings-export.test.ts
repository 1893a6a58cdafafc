// The settings page (address confirmed or not, resend, the results-mail preference) and the batch
// page's Export (zip), in Chromium against the real stack and its local SMTP sink.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { listMailbox, readMessage } from "../../scripts/smtp-sink/mailbox.ts";
import { readyBatch, waitForStatus } from "../e2e/support/batches.ts";
import { eventually, startE2EStack, type E2EStack } from "../e2e/support/e2e-stack.ts";
import { signUpTeacher } from "../e2e/support/teachers.ts";
import { HAS_BROWSER, launchChromium, REQUIRE_BROWSER, screenshot, seriousViolations } from "./support/browser.ts";

const RUN = HAS_BROWSER || REQUIRE_BROWSER;
const SERVICES = ["content-service", "identity", "batch-conductor", "batch-orchestrator", "els-api", "els-worker", "file-service", "spellchecker", "result-aggregator", "email", "api-gateway"];
const ESSAYS = [
  "Mobile phones in schools distract students from their lessons and should be handled with care.",
  "Schools should teach students how to use phones responsibly instead of banning them entirely.",
];
let e2e: E2EStack;
let browser: Browser;

beforeAll(async () => {
  if (!RUN) return;
  browser = await launchChromium();
  e2e = await startE2EStack({ LOG_LEVEL: "warn", EMAIL_RETRY_BASE_MS: "200" }, SERVICES);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await e2e?.stop();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  // bypassCSP only so the test can inject axe-core; the app itself runs under the gateway's CSP.
  const context = await browser.newContext({ locale: "en-GB", acceptDownloads: true, bypassCSP: true, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error("[page error]", err.message));
  return { context, page };
}

async function accessible(page: Page, where: string): Promise<void> {
  expect({ where, violations: await seriousViolations(page) }).toEqual({ where, violations: [] });
}

/** Every verification token mailed to `to`, oldest first. */
async function verificationTokens(to: string): Promise<string[]> {
  const dir = e2e.stack.mailDir as string;
  const texts = await Promise.all(listMailbox(dir, to).map(async (m) => (await readMessage(dir, m)).text));
  return texts.flatMap((text) => /\/verify-email\?token=([A-Za-z0-9_-]+)/.exec(text)?.slice(1) ?? []);
}

const preference = (page: Page) => page.getByLabel("E-mail me when results are ready");

/** Click the checkbox, wait for the save, reload, and return what the page shows after it. */
async function toggleAndReload(page: Page): Promise<boolean> {
  await preference(page).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  await page.reload();
  await page.getByRole("heading", { name: "Settings" }).waitFor();
  await preference(page).waitFor();
  return preference(page).isChecked();
}

describe.if(RUN)("settings and export in Chromium", () => {
  test("settings: unconfirmed address with a resend; the results-mail preference goes off and on and survives reloads; the mailed link confirms", async () => {
    expect(e2e.stack.mailDir).toBeTruthy();
    const { context, page } = await newPage();
    const email = `settings-${crypto.randomUUID().slice(0, 8)}@school.example`;
    await page.goto(`${e2e.gateway}/sign-up`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill("settings password 123");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Your batches" }).waitFor();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    expect(await page.getByTestId("profile-email").textContent()).toBe(email);
    expect(await page.getByTestId("email-status").getAttribute("data-verified")).toBe("false");
    expect(await preference(page).isChecked()).toBe(true); // on by default
    await accessible(page, "settings (unconfirmed)");

    // Resend: a second verification mail reaches the sink.
    await eventually("the sign-up verification mail", async () => ((await verificationTokens(email)).length >= 1 ? true : undefined));
    await page.getByRole("button", { name: "Send the confirmation link again" }).click();
    await page.getByTestId("resend-sent").waitFor();
    const tokens = await eventually("the resent verification mail", async () => {
      const all = await verificationTokens(email);
      return all.length >= 2 ? all : undefined;
    });

    expect(await toggleAndReload(page)).toBe(false);
    expect(await toggleAndReload(page)).toBe(true);
    expect(await toggleAndReload(page)).toBe(false);

    // The newest link confirms the address; the settings page then says so and offers no resend.
    await page.goto(`${e2e.gateway}/verify-email?token=${tokens.at(-1)}`);
    await page.getByTestId("verified").waitFor();
    await page.goto(`${e2e.gateway}/settings`);
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    await page.locator('[data-testid="email-status"][data-verified="true"]').waitFor();
    expect(await page.getByRole("button", { name: "Send the confirmation link again" }).count()).toBe(0);
    expect(await preference(page).isChecked()).toBe(false); // confirming kept the teacher's choice
    await screenshot(page, "settings");
    await accessible(page, "settings (confirmed)");

    await page.getByLabel("Language").selectOption("sv");
    await page.getByRole("heading", { name: "Inställningar" }).waitFor();
    expect(await page.getByLabel("Mejla mig när resultaten är klara").isChecked()).toBe(false);
    await accessible(page, "settings (sv)");
    await page.getByLabel("Språk").selectOption("en");
    await context.close();
  }, 120_000);

  test("the batch page's Export (zip) downloads the batch: results.json, results.csv and each original text", async () => {
    const teacher = await signUpTeacher(e2e);
    const batchId = await readyBatch(e2e, teacher, ESSAYS);
    const run = await fetch(`${e2e.gateway}/v1/batches/${batchId}/pipelines`, {
      method: "POST", headers: { Authorization: `Bearer ${teacher.token}`, "Content-Type": "application/json" }, body: JSON.stringify({ requested_pipeline: "spellcheck" }),
    });
    expect(run.status).toBe(202);
    expect(await waitForStatus(e2e.client(teacher.token), batchId, ["COMPLETED_SUCCESSFULLY"])).toBe("COMPLETED_SUCCESSFULLY");

    const { context, page } = await newPage();
    await page.goto(`${e2e.gateway}/sign-in`);
    await page.getByLabel("E-mail").fill(teacher.email);
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Your batches" }).waitFor();
    await page.goto(`${e2e.gateway}/batches/${batchId}`);
    await page.getByTestId("results-table").waitFor();
    await accessible(page, "batch page with export");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export (zip)" }).click()]);
    expect(download.suggestedFilename()).toBe(`batch-${batchId}.zip`);
    const entries = unzipSync(new Uint8Array(readFileSync(await download.path())));
    expect(Object.keys(entries).sort()).toEqual(["originals/essay-1.txt", "originals/essay-2.txt", "results.csv", "results.json"]);
    const results = JSON.parse(strFromU8(entries["results.json"] as Uint8Array)) as { batch_id: string; essays: { file_name: string }[] };
    expect(results.batch_id).toBe(batchId);
    expect(results.essays.map((e) => e.file_name).sort()).toEqual(["essay-1.txt", "essay-2.txt"]);
    expect(strFromU8(entries["originals/essay-1.txt"] as Uint8Array)).toContain(ESSAYS[0]?.slice(0, 40) as string);
    await context.close();
  }, 120_000);
});
