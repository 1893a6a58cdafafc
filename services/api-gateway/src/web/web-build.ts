import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "@shared/observability/logger.ts";

/**
 * Build the web app from `sourceDir` into a fresh temp dir (so parallel gateways never share one).
 * No sources (an image without web/, or the setting left empty) means no web app, not a failed start.
 */
export async function buildWebAtStartup(sourceDir: string, logger: Logger): Promise<{ outDir: string; remove(): void } | undefined> {
  if (!sourceDir || !existsSync(join(sourceDir, "build.ts"))) {
    logger.warn("web app sources not found; serving the API only", { web_source_dir: sourceDir });
    return undefined;
  }
  const started = performance.now();
  const { buildWebApp } = (await import(join(sourceDir, "build.ts"))) as typeof import("../../../../web/build.ts");
  const outDir = mkdtempSync(join(tmpdir(), "huleedu-web-"));
  try {
    await buildWebApp(sourceDir, outDir);
  } catch (err) {
    // The API must not go down with the web app: log it loudly and serve the API only.
    logger.error("web app build failed; serving the API only", { error: err instanceof Error ? err.message : String(err) });
    rmSync(outDir, { recursive: true, force: true });
    return undefined;
  }
  logger.info("web app built", { out_dir: outDir, ms: Math.round(performance.now() - started) });
  return { outDir, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}
