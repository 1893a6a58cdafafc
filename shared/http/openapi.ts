import * as v from "valibot";
import { toJsonSchema, toJsonSchemaDefs, type ConversionConfig } from "@valibot/to-json-schema";
import type { OpenAPIObject, OperationObject, ParameterObject, PathItemObject, ResponsesObject, SchemaObject } from "openapi3-ts/oas31";
import { ErrorDetailSchema } from "../contracts/errors.ts";

type Schema = v.GenericSchema;

export interface RouteDoc {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI-style path, e.g. `/v1/content/{storage_id}`. */
  path: string;
  summary: string;
  operationId: string;
  tags?: string[];
  /** Omitted: a public route (documented as `security: []`). */
  security?: "internal" | "bearer";
  /** Request headers the route reads, e.g. `Idempotency-Key`. */
  headers?: Record<string, { description: string; pattern?: string; maxLength?: number }>;
  body?: { schema?: Schema; contentType?: string; description?: string };
  params?: Record<string, string>;
  query?: Schema;
  responses: Record<number, { description: string; schema?: Schema; contentType?: string }>;
}

export interface OpenApiInput {
  title: string;
  version: string;
  description?: string;
  /** Where the API is served; default: relative to the document (each service serves its own). */
  servers?: { url: string; description?: string }[];
  /** Schemas that appear as named components and are referenced by `$ref`. */
  components?: Record<string, Schema>;
  routes: RouteDoc[];
}

function config(components: Record<string, Schema>, typeMode: "input" | "output"): ConversionConfig {
  return {
    target: "draft-2020-12",
    typeMode,
    errorMode: "ignore",
    definitions: components,
    overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
  };
}

function clean(schema: object): SchemaObject {
  // Named schemas live in components; drop the per-use copies the converter adds.
  const { $schema: _schema, $defs: _defs, ...rest } = schema as Record<string, unknown>;
  return rest as SchemaObject;
}

/** A query value that must be all digits is an integer on the wire (the schema parses the string). */
function wireType(schema: SchemaObject): SchemaObject {
  if (schema.type !== "string" || schema.pattern !== "^\\d+$") return schema;
  const { pattern: _pattern, type: _type, ...rest } = schema;
  return { ...rest, type: "integer", minimum: 0 };
}

function queryParameters(schema: Schema, components: Record<string, Schema>): ParameterObject[] {
  const json = toJsonSchema(schema, config(components, "input")) as { properties?: Record<string, SchemaObject>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name, in: "query" as const, required: json.required?.includes(name) ?? false, schema: wireType(s),
  }));
}

/**
 * Build an OpenAPI 3.1 document from valibot schemas; the same schemas validate requests.
 * @example buildOpenApiDocument({ title: "Content Service", version: "1.0.0", routes })
 */
export function buildOpenApiDocument(input: OpenApiInput): OpenAPIObject {
  const components: Record<string, Schema> = { HuleEduError: ErrorDetailSchema, ...input.components };
  const paths: Record<string, PathItemObject> = {};
  for (const route of input.routes) {
    const responses: ResponsesObject = {};
    const op: OperationObject = { operationId: route.operationId, summary: route.summary, responses };
    if (route.tags) op.tags = route.tags;
    if (route.security === "internal") op.security = [{ internalApiKey: [] }];
    if (route.security === "bearer") op.security = [{ bearerAuth: [] }];
    if (route.security === undefined) op.security = [];
    const parameters: ParameterObject[] = Object.entries(route.params ?? {}).map(([name, description]) => ({
      name, in: "path" as const, required: true, description, schema: { type: "string" },
    }));
    if (route.query) parameters.push(...queryParameters(route.query, components));
    for (const [name, h] of Object.entries(route.headers ?? {})) {
      parameters.push({
        name, in: "header" as const, required: false, description: h.description,
        schema: { type: "string", ...(h.pattern ? { pattern: h.pattern } : {}), ...(h.maxLength ? { maxLength: h.maxLength } : {}) },
      });
    }
    if (parameters.length) op.parameters = parameters;
    if (route.body) {
      const contentType = route.body.contentType ?? "application/json";
      const schema: SchemaObject = route.body.schema ? clean(toJsonSchema(route.body.schema, config(components, "input"))) : {};
      op.requestBody = { required: true, content: { [contentType]: { schema } }, ...(route.body.description ? { description: route.body.description } : {}) };
    }
    for (const [status, res] of Object.entries(route.responses)) {
      const contentType = res.contentType ?? "application/json";
      responses[status] = res.schema
        ? { description: res.description, content: { [contentType]: { schema: clean(toJsonSchema(res.schema, config(components, "output"))) } } }
        : { description: res.description };
    }
    for (const status of ["400", "401", "404", "500"]) {
      responses[status] ??= { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/HuleEduError" } } } };
    }
    paths[route.path] = { ...paths[route.path], [route.method]: op };
  }
  const schemas = Object.fromEntries(
    Object.entries(toJsonSchemaDefs(components, config({}, "output"))).map(([name, s]) => [name, clean(s)]),
  );
  // Components reference each other by the same names.
  const componentSchemas = JSON.parse(JSON.stringify(schemas).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<string, SchemaObject>;
  return {
    openapi: "3.1.0",
    info: { title: input.title, version: input.version, ...(input.description ? { description: input.description } : {}) },
    servers: input.servers ?? [{ url: "/", description: "The service that serves this document" }],
    paths,
    components: {
      schemas: componentSchemas,
      securitySchemes: {
        internalApiKey: { type: "apiKey", in: "header", name: "X-Internal-API-Key" },
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
      },
    },
  };
}
