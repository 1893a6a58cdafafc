import type { Context, Hono } from "hono";
import { HuleEduError, parseOrThrow } from "@shared/contracts/errors.ts";
import { ContentType, type StorageReferenceMetadata } from "@shared/contracts/storage.ts";
import { readJson } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { ContentClient } from "../clients/content-client.ts";
import type { PromptOwners } from "../prompts/prompt-owners.ts";
import { requestBodyLimit } from "./body-limit.ts";
import type { GatewayEnv } from "./gateway-env.ts";
import { MAX_PROMPT_CHARS, PromptUploadRequestSchema } from "./schemas.ts";

export interface PromptRoutesDeps {
  content: ContentClient;
  owners: PromptOwners;
  logger: Logger;
}

// Room for the longest prompt written with JSON \u escapes (6 bytes a character), plus framing.
export const PROMPT_BODY_MAX_BYTES = MAX_PROMPT_CHARS * 6 + 4096;

const UTF8_CHARSETS = new Set(["utf-8", "utf8", "us-ascii"]);

/** The prompt text from `{ "text": … }` JSON or a `text/plain` (UTF-8) body. */
async function readPromptText(c: Context<GatewayEnv>): Promise<string> {
  const [mediaType = "", ...params] = (c.req.header("Content-Type") ?? "").split(";").map((p) => p.trim().toLowerCase());
  if (mediaType === "application/json") return (await readJson(c, PromptUploadRequestSchema)).text;
  if (mediaType !== "text/plain") {
    throw new HuleEduError("UNSUPPORTED_MEDIA_TYPE", "Send the prompt as application/json {\"text\": …} or as text/plain; charset=utf-8");
  }
  const charset = params.find((p) => p.startsWith("charset="))?.slice("charset=".length).replaceAll('"', "");
  if (charset !== undefined && !UTF8_CHARSETS.has(charset)) {
    throw new HuleEduError("UNSUPPORTED_MEDIA_TYPE", `text/plain prompts must be UTF-8 (got charset ${charset})`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await c.req.arrayBuffer());
  } catch {
    throw new HuleEduError("VALIDATION_ERROR", "Request body is not valid UTF-8 text");
  }
  return parseOrThrow(PromptUploadRequestSchema, { text }, "request body").text;
}

export function registerPromptRoutes(app: Hono<GatewayEnv>, deps: PromptRoutesDeps): void {
  const { content, owners, logger } = deps;

  app.post("/v1/prompts", requestBodyLimit(PROMPT_BODY_MAX_BYTES), async (c) => {
    const text = await readPromptText(c);
    const { user, correlationId } = c.var;
    const storageId = await content.storeText(text, correlationId);
    // Only a recorded prompt is handed out; if the owner cannot be recorded the stored text is orphaned, never shared.
    await owners.record(storageId, user.userId);
    logger.info("prompt stored", { storage_id: storageId, user_id: user.userId, correlation_id: correlationId, characters: text.length });
    const reference: StorageReferenceMetadata = { references: { [ContentType.STUDENT_PROMPT_TEXT]: { storage_id: storageId } } };
    return c.json(reference, 201);
  });
}
