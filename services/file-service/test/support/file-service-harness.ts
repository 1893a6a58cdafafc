// A file service wired to a real Redis and a real content service, all in this process.
import { join } from "node:path";
import type { Redis } from "ioredis";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import { EssayContentProvisionedTopic, EssayValidationFailedTopic } from "@shared/contracts/events/file.ts";
import type { Topic, TopicData } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadContentConfig } from "../../../content-service/src/config.ts";
import { startContentService } from "../../../content-service/src/service.ts";
import { loadFileServiceConfig } from "../../src/config.ts";
import { startFileService } from "../../src/service.ts";

export const INTERNAL_KEY = "file-service-test-key";
export const USER_ID = "teacher-1";

export type Provisioned = TopicData<typeof EssayContentProvisionedTopic>;
export type ValidationFailed = TopicData<typeof EssayValidationFailedTopic>;

export interface FileResult {
  file_name: string;
  file_upload_id: string;
  status: "accepted" | "rejected";
  error_code?: string;
  message?: string;
}
export interface UploadBody {
  batch_id: string;
  files: FileResult[];
  error_code?: string;
  details?: Record<string, unknown>;
  message?: string;
}

export interface Harness {
  fileService: RunningService & { url: string };
  contentUrl: string;
  redis: Redis;
  dataDir: string;
  commonEnv: Record<string, string>;
  /** Start (again) the content service, on `port` when given. */
  startContent(port?: number): Promise<void>;
  stopContent(): Promise<void>;
  startFiles(env?: Record<string, string>): Promise<void>;
  stopFiles(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(fileEnv: Record<string, string> = {}): Promise<Harness> {
  const redisServer: TestRedis = await startRedis();
  const dir = tempDir("file-service-test-");
  const commonEnv = {
    REDIS_URL: redisServer.url,
    HULEEDU_INTERNAL_API_KEY: INTERNAL_KEY,
    HULEEDU_BUS_BLOCK_MS: "100",
    HULEEDU_BUS_RECLAIM_IDLE_MS: "500",
    HULEEDU_OUTBOX_POLL_MS: "100",
  };
  let content: (RunningService & { url: string }) | undefined;
  let contentPort = 0;
  const harness: Harness = {
    fileService: undefined as unknown as RunningService & { url: string },
    contentUrl: "",
    redis: redisServer.client(),
    dataDir: dir.path,
    commonEnv,
    async startContent(port = contentPort) {
      content = await startContentService(
        loadContentConfig({ ...commonEnv, CONTENT_SERVICE_HTTP_PORT: String(port), CONTENT_SERVICE_DB_PATH: join(dir.path, "content.sqlite") }),
        createMemoryLogger("content-service"),
      );
      contentPort = content.port ?? 0;
      harness.contentUrl = content.url;
    },
    async stopContent() {
      await content?.stop();
      content = undefined;
    },
    async startFiles(env = fileEnv) {
      harness.fileService = await startFileService(
        loadFileServiceConfig({
          ...commonEnv,
          CONTENT_SERVICE_URL: harness.contentUrl,
          FILE_SERVICE_HTTP_PORT: "0",
          FILE_SERVICE_DB_PATH: join(dir.path, "file-service.sqlite"),
          ...env,
        }),
        createMemoryLogger("file-service"),
      );
    },
    async stopFiles() {
      await harness.fileService.stop();
    },
    async stop() {
      await harness.fileService?.stop();
      await content?.stop();
      await redisServer.stop();
      dir.remove();
    },
  };
  await harness.startContent();
  await harness.startFiles();
  return harness;
}

export interface UploadFile {
  name: string;
  bytes: Uint8Array | string;
}

/** POST the multipart upload the gateway sends. */
export async function upload(
  baseUrl: string,
  form: { batchId?: string; files: UploadFile[] },
  headers: Record<string, string> = {},
): Promise<{ status: number; body: UploadBody }> {
  const body = new FormData();
  if (form.batchId !== undefined) body.append("batch_id", form.batchId);
  for (const f of form.files) body.append("files", new File([f.bytes as BlobPart], f.name));
  const res = await fetch(`${baseUrl}/internal/v1/files/batch`, {
    method: "POST",
    body,
    headers: { "X-Internal-API-Key": INTERNAL_KEY, "X-User-ID": USER_ID, ...headers },
  });
  return { status: res.status, body: (await res.json()) as UploadBody };
}

/** Every event of `topic` on its stream whose data matches `where`. */
export async function eventsOn<S extends Topic>(redis: Redis, topic: S, where: (data: TopicData<S>) => boolean = () => true): Promise<EventEnvelope<TopicData<S>>[]> {
  const entries = await redis.xrange(topic.name, "-", "+");
  return entries
    .map(([, fields]) => JSON.parse(fields[1] as string) as EventEnvelope<TopicData<S>>)
    .filter((e) => where(e.data));
}

/** Wait until `count` matching events are on the stream (the outbox relay publishes after commit). */
export async function waitForEvents<S extends Topic>(redis: Redis, topic: S, where: (data: TopicData<S>) => boolean, count = 1, timeoutMs = 5000): Promise<EventEnvelope<TopicData<S>>[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await eventsOn(redis, topic, where);
    if (found.length >= count || Date.now() > deadline) return found;
    await Bun.sleep(50);
  }
}

export async function fetchContent(contentUrl: string, storageId: string): Promise<Response> {
  return fetch(`${contentUrl}/v1/content/${storageId}`, { headers: { "X-Internal-API-Key": INTERNAL_KEY } });
}

export const sha256 = (data: string | Uint8Array) => new Bun.CryptoHasher("sha256").update(data).digest("hex");
