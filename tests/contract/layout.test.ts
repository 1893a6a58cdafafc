import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { tempDir } from "@shared/testing/temp-dir.ts";

/**
 * The repository's layout rule (README "Layout"): a service's tests live in `services/<name>/test/`,
 * never next to the code in `src/`; and `shared/` depends on no service (the services import
 * shared/, never the other way round).
 */
const REPO_ROOT = resolve(import.meta.dir, "../..");

const SPECIFIER_PATTERNS = [
  /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*["']([^"']+)["']/g, // import { x } from "y", export * from "y"
  /\bimport\s*["']([^"']+)["']/g, // import "y"
  /\bimport\s*\(\s*["']([^"']+)["']/g, // import("y")
  /\brequire\s*\(\s*["']([^"']+)["']/g, // require("y")
];

/** Every module specifier a source text names. */
function importSpecifiers(text: string): string[] {
  const found = new Set<string>();
  for (const pattern of SPECIFIER_PATTERNS) {
    for (const match of text.matchAll(pattern)) if (match[1]) found.add(match[1]);
  }
  return [...found];
}

/** Whether `specifier`, written in `file` (absolute), points into `<root>/services/`. */
function pointsIntoServices(root: string, file: string, specifier: string): boolean {
  let target: string;
  if (specifier.startsWith(".") || specifier.startsWith("/")) target = resolve(dirname(file), specifier);
  else if (/^services\//.test(specifier)) target = join(root, specifier); // tsconfig baseUrl is the repository root
  else return false; // a package or the @shared/* alias
  const rel = relative(root, target).split(sep).join("/");
  return rel === "services" || rel.startsWith("services/");
}

/** Layout violations under `root`, one line each (empty when the layout holds). */
function layoutViolations(root: string): string[] {
  const violations: string[] = [];
  for (const path of new Bun.Glob("services/*/src/**/*.{test,spec}.{ts,tsx}").scanSync({ cwd: root })) {
    violations.push(`test under src/: ${path}`);
  }
  for (const path of new Bun.Glob("shared/**/*.{ts,tsx,js,mjs,cjs}").scanSync({ cwd: root })) {
    if (path.split("/").includes("node_modules")) continue;
    const file = join(root, path);
    for (const specifier of importSpecifiers(readFileSync(file, "utf8"))) {
      if (pointsIntoServices(root, file, specifier)) violations.push(`shared/ imports a service: ${path} -> ${specifier}`);
    }
  }
  return violations.sort();
}

describe("repository layout", () => {
  test("no test under services/*/src/ and no shared/ file importing from services/", () => {
    expect(layoutViolations(REPO_ROOT)).toEqual([]);
  });

  test("the check finds both kinds of violation (a tree laid out the old way fails)", () => {
    const dir = tempDir("layout-");
    try {
      const write = (path: string, text: string) => {
        mkdirSync(dirname(join(dir.path, path)), { recursive: true });
        writeFileSync(join(dir.path, path), text);
      };
      write("services/demo/src/domain/x.test.ts", 'import { x } from "./x.ts";\n');
      write("services/demo/test/domain/y.test.ts", 'import { y } from "../../src/domain/y.ts";\n');
      write("shared/testing/stack.ts", [
        'import { ok } from "../bus/ok.ts";',
        'import {',
        '  startDemo,',
        '} from "../../services/demo/src/service.ts";',
        'import type { Cfg } from "services/demo/src/config.ts";',
        'const lazy = () => import("../../services/demo/src/lazy.ts");',
      ].join("\n"));
      write("shared/http/fine.ts", 'import { v } from "valibot";\nimport { e } from "@shared/contracts/errors.ts";\n// services/demo is mentioned here only\n');
      expect(layoutViolations(dir.path)).toEqual([
        "shared/ imports a service: shared/testing/stack.ts -> ../../services/demo/src/lazy.ts",
        "shared/ imports a service: shared/testing/stack.ts -> ../../services/demo/src/service.ts",
        "shared/ imports a service: shared/testing/stack.ts -> services/demo/src/config.ts",
        "test under src/: services/demo/src/domain/x.test.ts",
      ]);
    } finally {
      dir.remove();
    }
  });
});
