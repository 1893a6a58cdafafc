import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");

/** Every service's OpenAPI document, found by convention: `services/<name>/src/http/openapi.ts` exporting `openApiDocument`. */
export async function collectOpenApiDocuments(): Promise<Map<string, object>> {
  const documents = new Map<string, object>();
  for (const name of readdirSync(join(ROOT, "services")).sort()) {
    const file = join(ROOT, "services", name, "src/http/openapi.ts");
    if (!existsSync(file)) continue;
    const module = (await import(file)) as { openApiDocument?: () => object };
    if (typeof module.openApiDocument !== "function") throw new Error(`${file} must export openApiDocument()`);
    documents.set(name, module.openApiDocument());
  }
  return documents;
}

export function serialiseDocument(doc: object): string {
  return JSON.stringify(doc, null, 2) + "\n";
}

export const OPENAPI_DIR = join(ROOT, "openapi");
