import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { listMailbox, readMessage } from "../../scripts/smtp-sink/mailbox.ts";
import { eventually, startE2EStack, type E2EStack } from "../e2e/support/e2e-stack.ts";
import { HAS_BROWSER, launchChromium, REQUIRE_BROWSER, seriousViolations } from "./support/browser.ts";

// The pages the mailed links open, in Chromium against the real stack and its local SMTP sink.
const RUN = HAS_BROWSER || REQUIRE_BROWSER;
let e2e: E2EStack;
let browser: Browser;

beforeAll(async () => {
  if (!RUN) return;
  browser = await launchChromium();
  e2e = await startE2EStack({ LOG_LEVEL: "warn", EMAIL_RETRY_BASE_MS: "200" });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await e2e?.stop();
});

/** The token of the newest mail to `to` whose text carries a link to `page`. */
async function mailedToken(to: string, page: string): Promise<string> {
  const dir = e2e.stack.mailDir as string;
  return eventually(`a ${page} mail to ${to}`, async () => {
    for (const message of listMailbox(dir, to).reverse()) {
      const token = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec((await readMessage(dir, message)).text)?.[1];
      if (token) return token;
    }
    return undefined;
  }, 30_000);
}

async function accessible(page: Page, where: string): Promise<void> {
  expect({ where, violations: await seriousViolations(page) }).toEqual({ where, violations: [] });
}

describe.if(RUN)("mailed account links in Chromium", () => {
  test("sign up → the verification link confirms the address; forgot → the reset link sets a new password that signs in", async () => {
    expect(e2e.stack.mailDir).toBeTruthy();
    const context = await browser.newContext({ locale: "en-GB", bypassCSP: true });
    const page = await context.newPage();
    const email = `mail-${crypto.randomUUID().slice(0, 8)}@school.example`;
    await page.goto(`${e2e.gateway}/sign-up`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill("first password 123");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Your batches" }).waitFor();

    await page.goto(`${e2e.gateway}/verify-email?token=${await mailedToken(email, "verify-email")}`);
    await page.getByTestId("verified").waitFor();
    await accessible(page, "verify-email");
    // A spent link says so in words.
    await page.goto(`${e2e.gateway}/verify-email?token=${await mailedToken(email, "verify-email")}`);
    await page.getByRole("alert").waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByLabel("E-mail").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByTestId("reset-sent").waitFor();
    await accessible(page, "forgot-password");

    await page.goto(`${e2e.gateway}/reset-password?token=${await mailedToken(email, "reset-password")}`);
    await page.getByLabel("Password").fill("second password 456");
    await page.getByRole("button", { name: "Save new password" }).click();
    await page.getByTestId("reset-done").waitFor();
    await accessible(page, "reset-password");

    await page.goto(`${e2e.gateway}/sign-in`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill("first password 123");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor();
    await page.getByLabel("Password").fill("second password 456");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Your batches" }).waitFor();
    await context.close();
  }, 120_000);
});
