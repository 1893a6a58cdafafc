import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { collectOpenApiDocuments, OPENAPI_DIR, serialiseDocument } from "../../scripts/openapi-documents.ts";

test("committed OpenAPI documents are exactly what the code generates (run: bun scripts/generate-openapi.ts)", async () => {
  const documents = await collectOpenApiDocuments();
  expect(documents.size).toBeGreaterThan(0);
  for (const [name, doc] of documents) {
    const file = join(OPENAPI_DIR, `${name}.json`);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(serialiseDocument(doc));
  }
});

test("the end-to-end client types match the committed gateway document", async () => {
  const { gatewayClientTypes, GATEWAY_CLIENT_TYPES } = await import("../../scripts/openapi-client.ts");
  if (!existsSync(join(OPENAPI_DIR, "api-gateway.json"))) return;
  expect(readFileSync(GATEWAY_CLIENT_TYPES, "utf8")).toBe(await gatewayClientTypes());
});
