import type { Page } from "playwright-core";

/** Poll until `check` holds; throws after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await Bun.sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The batch ids of the dashboard's cards, top to bottom. */
export const cardIds = (page: Page): Promise<string[]> =>
  page.locator('[data-testid="batch-list"] .card').evaluateAll((els) => els.map((e) => e.getAttribute("data-batch-id") ?? ""));

export interface Focused {
  tag: string;
  name: string | null;
  text: string;
  href: string | null;
  /** Matches :focus-visible and draws an outline of at least 2 px. */
  visible: boolean;
  /** Inside the viewport (the skip link is moved on screen while focused). */
  onScreen: boolean;
  outline: string;
}

/** What has the focus now, and whether the page shows it. */
export function focusReport(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: "body", name: null, text: "", href: null, visible: false, onScreen: false, outline: "" };
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const outline = `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
    return {
      tag: el.tagName.toLowerCase(), name: el.getAttribute("name"), text: (el.textContent ?? "").trim().slice(0, 60),
      href: el instanceof HTMLAnchorElement ? el.href : null,
      visible: el.matches(":focus-visible") && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
      onScreen: rect.right > 0 && rect.bottom > 0 && rect.left < innerWidth && rect.top < innerHeight,
      outline,
    };
  });
}

/** Press Tab (or Shift+Tab) until `wanted` has the focus; each stop is recorded in `seen` as "visible …" or "HIDDEN …". */
export async function tabTo(page: Page, wanted: (f: Focused) => boolean, seen: string[], maxPresses = 20, key: "Tab" | "Shift+Tab" = "Tab"): Promise<Focused> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press(key);
    const now = await focusReport(page);
    seen.push(`${now.visible ? "visible" : "HIDDEN"} ${now.tag}${now.name ? `[name=${now.name}]` : ""} "${now.text}" (${now.outline})`);
    if (wanted(now)) return now;
  }
  throw new Error(`${maxPresses} Tab presses did not reach the wanted control; focus went through: ${seen.join(" | ")}`);
}
