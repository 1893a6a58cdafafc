import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import { GrammarCheckRequestSchema, GrammarCheckResponseSchema, GrammarIssueSchema } from "@shared/contracts/grammar.ts";

export function openApiDocument() {
  return buildOpenApiDocument({
    title: "HuleEdu NLP Service",
    version: "1.0.0",
    description: "Text metrics from the stream, and grammar checking over internal HTTP (Harper offline for English; a LanguageTool server when LANGUAGETOOL_URL is set, for English and Swedish).",
    components: {
      GrammarCheckRequest: GrammarCheckRequestSchema,
      GrammarCheckResponse: GrammarCheckResponseSchema,
      GrammarIssue: GrammarIssueSchema,
    },
    routes: [
      {
        method: "post", path: "/internal/v1/check", operationId: "checkGrammar",
        summary: "Grammar issues of a text, with per-category counts", security: "internal",
        body: { schema: GrammarCheckRequestSchema },
        responses: {
          200: { description: "Issues in text order (UTF-16 offsets); checker 'none' when the language has no checker", schema: GrammarCheckResponseSchema },
          400: { description: "VALIDATION_ERROR" },
          502: { description: "EXTERNAL_SERVICE_ERROR: the grammar checker failed" },
        },
      },
    ],
  });
}
