// Builds the teacher web app with Bun's bundler: web/src/main.tsx → <outDir>/assets/app-<hash>.js
// (+ CSS), and index.html pointing at them. The gateway runs it at start-up; `bun web/build.ts [outDir]`
// runs it by hand. No CDN: everything comes from node_modules.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";

export interface WebBuild {
  outDir: string;
  /** Asset file names (under assets/) the index refers to. */
  assets: string[];
}

export async function buildWebApp(sourceDir: string, outDir: string, options: { minify?: boolean } = {}): Promise<WebBuild> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, "assets"), { recursive: true });
  const result = await Bun.build({
    entrypoints: [join(sourceDir, "src/main.tsx")],
    outdir: join(outDir, "assets"),
    target: "browser",
    format: "esm",
    minify: options.minify ?? true,
    sourcemap: "linked",
    naming: "[name]-[hash].[ext]",
    define: { "process.env.NODE_ENV": '"production"' },
    tsconfig: join(sourceDir, "../tsconfig.json"),
  } as Parameters<typeof Bun.build>[0]);
  if (!result.success) throw new Error(`web build failed:\n${result.logs.map((l) => String(l)).join("\n")}`);
  const assets = result.outputs.filter((o) => o.kind === "entry-point" || o.path.endsWith(".css")).map((o) => basename(o.path));
  const script = assets.find((a) => a.endsWith(".js"));
  if (!script) throw new Error("web build produced no script");
  const styles = `styles-${Bun.hash(readFileSync(join(sourceDir, "src/styles.css"))).toString(36)}.css`;
  copyFileSync(join(sourceDir, "src/styles.css"), join(outDir, "assets", styles));
  const html = readFileSync(join(sourceDir, "index.html"), "utf8")
    .replace("%STYLES%", `/assets/${styles}`)
    .replace("%SCRIPT%", `/assets/${script}`);
  writeFileSync(join(outDir, "index.html"), html);
  return { outDir, assets: [script, styles] };
}

if (import.meta.main) {
  const outDir = resolve(process.argv[2] ?? join(import.meta.dir, "dist"));
  const built = await buildWebApp(import.meta.dir, outDir);
  console.log(`web app built in ${built.outDir}: ${built.assets.join(", ")}`);
}
