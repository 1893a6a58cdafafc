// Writes openapi/<service>.json for every service with an HTTP API. Run: bun scripts/generate-openapi.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { collectOpenApiDocuments, OPENAPI_DIR, serialiseDocument } from "./openapi-documents.ts";

mkdirSync(OPENAPI_DIR, { recursive: true });
for (const [name, doc] of await collectOpenApiDocuments()) {
  writeFileSync(join(OPENAPI_DIR, `${name}.json`), serialiseDocument(doc));
  console.log(`openapi/${name}.json`);
}
