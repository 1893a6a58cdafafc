import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import { EmailListSchema, EmailRecordSchema, RecipientQuerySchema } from "./schemas.ts";

export function openApiDocument() {
  return buildOpenApiDocument({
    title: "HuleEdu E-mail Service",
    version: "1.0.0",
    description:
      "Renders notification e-mails (sv/en) requested on huleedu.email.notification.requested.v1 and sends them over SMTP. " +
      "Transient SMTP failures are retried with backoff; permanent ones (5xx) and exhausted ones are dead-lettered. Internal reads only.",
    components: { EmailRecord: EmailRecordSchema, EmailList: EmailListSchema },
    routes: [
      {
        method: "get", path: "/internal/v1/emails/{message_id}", operationId: "getEmail", tags: ["email"], security: "internal",
        summary: "One mail's delivery record (status, attempts, provider id); never its variables",
        params: { message_id: "The message id of the request" },
        responses: { 200: { description: "The record", schema: EmailRecordSchema }, 404: { description: "RESOURCE_NOT_FOUND" } },
      },
      {
        method: "get", path: "/internal/v1/emails", operationId: "listEmails", tags: ["email"], security: "internal",
        summary: "The latest 100 mails to one recipient, newest first", query: RecipientQuerySchema,
        responses: { 200: { description: "Records", schema: EmailListSchema } },
      },
    ],
  });
}
