import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openApiDocument } from "../src/http/openapi.ts";

type Json = Record<string, unknown>;
const STORAGE_REF = "#/components/schemas/StorageReferenceMetadata";

const committed = JSON.parse(readFileSync(join(import.meta.dir, "../../../openapi/api-gateway.json"), "utf8")) as Json;

function at(doc: Json, path: string[]): Json {
  let node: unknown = doc;
  for (const key of path) node = (node as Json | undefined)?.[key];
  if (typeof node !== "object" || node === null) throw new Error(`nothing at ${path.join("/")}`);
  return node as Json;
}

/** Follow a `$ref` inside the same document. */
function deref(doc: Json, schema: Json): Json {
  const ref = schema.$ref;
  return typeof ref === "string" ? at(doc, ref.replace(/^#\//, "").split("/")) : schema;
}

function requestSchema(doc: Json, path: string, method: string): Json {
  return deref(doc, at(doc, ["paths", path, method, "requestBody", "content", "application/json", "schema"]));
}

for (const [name, doc] of [["committed openapi/api-gateway.json", committed], ["generated document", openApiDocument() as unknown as Json]] as const) {
  test(`${name}: student_prompt_ref, prompt_payload.cms_prompt_ref and the prompt upload's answer are the same StorageReferenceMetadata component`, () => {
    const registration = requestSchema(doc, "/v1/batches/register", "post");
    expect(at(registration, ["properties", "student_prompt_ref"])).toEqual({ $ref: STORAGE_REF });
    expect(registration.required).not.toContain("student_prompt_ref");

    const pipeline = requestSchema(doc, "/v1/batches/{batch_id}/pipelines", "post");
    const promptPayload = deref(doc, at(pipeline, ["properties", "prompt_payload"]));
    expect(at(promptPayload, ["properties", "cms_prompt_ref"])).toEqual({ $ref: STORAGE_REF });

    const amendment = requestSchema(doc, "/v1/batches/{batch_id}/prompt", "patch");
    expect(at(amendment, ["properties", "student_prompt_ref"])).toEqual({ $ref: STORAGE_REF });

    // What POST /v1/prompts answers is that same component, so it can be passed on as it is.
    const uploaded = at(doc, ["paths", "/v1/prompts", "post", "responses", "201", "content", "application/json", "schema"]);
    expect(uploaded).toEqual({ $ref: STORAGE_REF });
    expect(Object.keys(at(doc, ["paths", "/v1/prompts", "post", "requestBody", "content"])).sort()).toEqual(["application/json", "text/plain"]);

    // The component is the real shape: references keyed by content type.
    const component = at(doc, ["components", "schemas", "StorageReferenceMetadata"]);
    expect(component.required).toEqual(["references"]);
    const keys = at(component, ["properties", "references", "propertyNames"]);
    expect(keys.enum).toContain("student_prompt_text");
  });
}
