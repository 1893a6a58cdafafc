import { afterEach, describe, expect, test } from "bun:test";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { encodeUtf8, makeDocx, makePdf } from "../../../tests/fixtures/make-documents.ts";
import { DEFAULT_CONTENT_LIMITS } from "../src/domain/validate-content.ts";
import { createExtractionPool, type ExtractionPool, type ExtractionPoolOptions } from "../src/handlers/extraction-pool.ts";

const STAND_IN = new URL("./fixtures/stand-in-reader-worker.ts", import.meta.url).href;
const BROKEN = new URL("./fixtures/broken-worker.ts", import.meta.url).href;
const ESSAY = ["Name: Eva Berg", "Phones in school distract some pupils, but they also help others to learn new things every day."];

let pool: ExtractionPool | undefined;
afterEach(async () => {
  await pool?.stop();
  pool = undefined;
});

function startPool(options: Partial<ExtractionPoolOptions> = {}): ExtractionPool {
  pool = createExtractionPool({
    size: 2, timeoutMs: 10_000, readOptions: { extract: {}, limits: DEFAULT_CONTENT_LIMITS }, logger: createMemoryLogger("file-service"), ...options,
  });
  return pool;
}

describe("reading files in workers", () => {
  test("real documents are read in parallel, more files than workers included", async () => {
    const reader = startPool();
    const docx = await makeDocx(ESSAY);
    const pdf = await makePdf(ESSAY);
    const readings = await Promise.all([
      reader.read("a.docx", docx), reader.read("b.pdf", pdf), reader.read("c.txt", encodeUtf8(ESSAY.join("\n"))), reader.read("d.docx", docx),
    ]);
    for (const reading of readings) {
      expect(reading.ok).toBe(true);
      if (reading.ok) {
        expect(reading.student).toEqual({ student_name: "Eva Berg" });
        expect(reading.text.replace(/\s+/g, " ")).toBe(ESSAY.join(" "));
      }
    }
    expect(readings.map((r) => r.ok && r.format)).toEqual(["docx", "pdf", "txt", "docx"]);
  });

  test("a file-level failure comes back as a value", async () => {
    const reading = await startPool().read("short.txt", encodeUtf8("Too short."));
    expect(reading).toMatchObject({ ok: false, code: "CONTENT_TOO_SHORT" });
  });
});

describe("isolation", () => {
  test("a worker stuck on a file is terminated at the timeout and the pool keeps serving", async () => {
    const reader = startPool({ workerUrl: STAND_IN, size: 1, timeoutMs: 300 });
    const started = performance.now();
    const [stuck, next] = await Promise.all([reader.read("hang.txt", new Uint8Array(1)), reader.read("next.txt", new Uint8Array(1))]);
    expect(stuck).toMatchObject({ ok: false, code: "EXTRACTION_TIMEOUT" });
    expect(next).toMatchObject({ ok: true, text: "next.txt" });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(3000);
  });

  test("no more workers than the pool size run at once", async () => {
    const reader = startPool({ workerUrl: STAND_IN, size: 2, timeoutMs: 300 });
    const started = performance.now();
    const readings = await Promise.all(["hang.1", "hang.2", "hang.3", "hang.4"].map((n) => reader.read(n, new Uint8Array(1))));
    expect(readings.every((r) => !r.ok && r.code === "EXTRACTION_TIMEOUT")).toBe(true);
    // Two waves of two.
    expect(performance.now() - started).toBeGreaterThanOrEqual(590);
  });

  test("a worker that dies on a file fails that file only", async () => {
    const reader = startPool({ workerUrl: STAND_IN, size: 1 });
    expect(await reader.read("crash.txt", new Uint8Array(1))).toMatchObject({ ok: false, code: "EXTRACTION_FAILED" });
    expect(await reader.read("fine.txt", new Uint8Array(1))).toMatchObject({ ok: true, text: "fine.txt" });
  });

  test("a worker that cannot start is a service fault, not a file outcome", async () => {
    const reader = startPool({ workerUrl: BROKEN, size: 1 });
    await expect(reader.read("a.txt", new Uint8Array(1))).rejects.toThrow(/failed to start/);
  });

  test("stopping the pool rejects files in progress and waiting", async () => {
    const reader = startPool({ workerUrl: STAND_IN, size: 1, timeoutMs: 10_000 });
    const inProgress = reader.read("hang.txt", new Uint8Array(1));
    const waiting = reader.read("next.txt", new Uint8Array(1));
    await Bun.sleep(200);
    await reader.stop();
    await expect(inProgress).rejects.toThrow(/stopped/);
    await expect(waiting).rejects.toThrow(/stopped/);
    await expect(reader.read("later.txt", new Uint8Array(1))).rejects.toThrow(/stopped/);
  });
});
