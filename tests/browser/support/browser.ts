import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect } from "bun:test";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";

const ROOT = resolve(import.meta.dir, "../../..");
export const CHROMIUM = process.env.HULEEDU_CHROMIUM ?? "/usr/bin/chromium";
/** CI sets HULEEDU_REQUIRE_BROWSER=1: a missing Chromium is then a failure, not a skip. */
export const REQUIRE_BROWSER = process.env.HULEEDU_REQUIRE_BROWSER === "1";
export const HAS_BROWSER = existsSync(CHROMIUM);
/** Where screenshots go: docs/screenshots with HULEEDU_SCREENSHOTS=1 (to refresh the committed ones), else a temp dir. */
export const SCREENSHOT_DIR = process.env.HULEEDU_SCREENSHOTS === "1" ? join(ROOT, "docs/screenshots") : join(ROOT, ".tmp/screenshots");

export async function launchChromium(): Promise<Browser> {
  if (!HAS_BROWSER) throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set HULEEDU_CHROMIUM`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
}

const AXE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: string[] }

/** axe-core in the page (WCAG 2.0/2.1 A and AA rules); the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Fails (printing them) when axe finds serious or critical violations on the page. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousViolations(page);
  if (violations.length) console.error(where, JSON.stringify(violations, null, 2));
  expect({ where, violations }).toEqual({ where, violations: [] });
}

/**
 * A new English context signed in through the app's own sign-in page, on the dashboard.
 * bypassCSP only so a test can inject axe-core; the app itself runs under the gateway's CSP.
 */
export async function signedInPage(
  browser: Browser, gateway: string, email: string, options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: "en-GB", bypassCSP: true, viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error("[page error]", err.message));
  await page.goto(`${gateway}/sign-in`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your batches" }).waitFor();
  return { context, page };
}
