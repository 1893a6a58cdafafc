// Writes openapi/<service>.json for every service with an HTTP API, and the typed client schema
// the end-to-end tests use with openapi-fetch. Run: bun scripts/generate-openapi.ts
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { collectOpenApiDocuments, OPENAPI_DIR, serialiseDocument } from "./openapi-documents.ts";
import { gatewayClientTypes, GATEWAY_CLIENT_TYPES } from "./openapi-client.ts";

mkdirSync(OPENAPI_DIR, { recursive: true });
for (const [name, doc] of await collectOpenApiDocuments()) {
  writeFileSync(join(OPENAPI_DIR, `${name}.json`), serialiseDocument(doc));
  console.log(`openapi/${name}.json`);
}
if (existsSync(join(OPENAPI_DIR, "api-gateway.json"))) {
  writeFileSync(GATEWAY_CLIENT_TYPES, await gatewayClientTypes());
  console.log(GATEWAY_CLIENT_TYPES);
}
