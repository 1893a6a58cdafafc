import * as v from "valibot";
import { intFromEnv, loadCommonConfig, loadConfig, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";
import { DEFAULT_EXTRACT_OPTIONS } from "./domain/extract-text.ts";
import { DEFAULT_CONTENT_LIMITS } from "./domain/validate-content.ts";

const MiB = 2 ** 20;

const FileServiceConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "7001"),
  DB_PATH: v.optional(v.string()),
  /** Files one upload request may carry; more is refused before anything is stored. */
  MAX_FILES_PER_REQUEST: v.optional(intFromEnv(1, 10_000), "100"),
  MAX_FILE_BYTES: v.optional(intFromEnv(1), String(10 * MiB)),
  /** Whole multipart body, refused from Content-Length alone; defaults to room for the most and biggest files. */
  MAX_REQUEST_BYTES: v.optional(intFromEnv(1)),
  /** Timeout of each call to the content service. */
  CONTENT_TIMEOUT_MS: v.optional(intFromEnv(10), "10000"),
  /** Budget for reading one file (extraction, validation, header parsing) in its worker. */
  EXTRACTION_TIMEOUT_MS: v.optional(intFromEnv(10), String(DEFAULT_EXTRACT_OPTIONS.timeoutMs)),
  /** Worker threads that read files; also how many files of a request are processed at once. */
  EXTRACTION_WORKERS: v.optional(intFromEnv(1, 64), "4"),
  MIN_ESSAY_CHARS: v.optional(intFromEnv(0), String(DEFAULT_CONTENT_LIMITS.minChars)),
  MIN_ESSAY_WORDS: v.optional(intFromEnv(0), String(DEFAULT_CONTENT_LIMITS.minWords)),
  MAX_ESSAY_CHARS: v.optional(intFromEnv(1), String(DEFAULT_CONTENT_LIMITS.maxChars)),
  /** A retry with the same Idempotency-Key waits (409) this long for a request still running. */
  IDEMPOTENCY_CLAIM_TTL_MS: v.optional(intFromEnv(1), "300000"),
});

const ServiceUrlsSchema = v.object({
  CONTENT_SERVICE_URL: v.optional(v.pipe(v.string(), v.url()), "http://127.0.0.1:8001"),
});

export type FileServiceConfig = Omit<v.InferOutput<typeof FileServiceConfigSchema>, "MAX_REQUEST_BYTES"> & {
  MAX_REQUEST_BYTES: number;
  common: CommonConfig;
  dbPath: string;
  contentServiceUrl: string;
};

/**
 * Env vars: FILE_SERVICE_HTTP_PORT, FILE_SERVICE_DB_PATH, FILE_SERVICE_MAX_FILES_PER_REQUEST,
 * FILE_SERVICE_MAX_FILE_BYTES, FILE_SERVICE_MAX_REQUEST_BYTES, FILE_SERVICE_CONTENT_TIMEOUT_MS,
 * FILE_SERVICE_EXTRACTION_TIMEOUT_MS, FILE_SERVICE_EXTRACTION_WORKERS, FILE_SERVICE_MIN_ESSAY_CHARS,
 * FILE_SERVICE_MIN_ESSAY_WORDS, FILE_SERVICE_MAX_ESSAY_CHARS, FILE_SERVICE_IDEMPOTENCY_CLAIM_TTL_MS;
 * CONTENT_SERVICE_URL (no prefix).
 */
export function loadFileServiceConfig(env: Record<string, string | undefined> = process.env): FileServiceConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("FILE_SERVICE_", FileServiceConfigSchema, env);
  const urls = loadConfig("", ServiceUrlsSchema, env);
  return {
    ...own,
    // Same allowance as the gateway: per file its bytes plus part headers, plus the form's framing.
    MAX_REQUEST_BYTES: own.MAX_REQUEST_BYTES ?? own.MAX_FILES_PER_REQUEST * (own.MAX_FILE_BYTES + 1024) + 64 * 1024,
    common,
    dbPath: own.DB_PATH ?? `${common.HULEEDU_DATA_DIR}/file-service/file-service.sqlite`,
    contentServiceUrl: urls.CONTENT_SERVICE_URL.replace(/\/+$/, ""),
  };
}
