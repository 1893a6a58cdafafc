import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { waitForBatchReady } from "./batch-wait.ts";
import { confirmDemoMatches } from "./class-demo.ts";
import type { TeacherClient } from "./teacher-client.ts";

// A stand-in gateway over real HTTP whose answers each test sets: the demo's guards must stop on a bad one.
const state = { confirmStatus: 200, batchStatuses: [] as string[] };
let server: ReturnType<typeof Bun.serve>;
let teacher: TeacherClient;

beforeAll(() => {
  server = Bun.serve({
    port: 0,
    fetch(req) {
      const path = new URL(req.url).pathname;
      if (path.endsWith("/student-associations/confirm")) return Response.json({ error_code: "CONFLICT", message: "no" }, { status: state.confirmStatus });
      if (path.endsWith("/student-associations")) {
        return Response.json({ status: "awaiting_confirmation", associations: [{ essay_id: "e1", original_file_name: "a.txt", parsed_name: "Åsa", confidence: 0.9, match_reason: "exact", suggested_student: { first_name: "Åsa", last_name: "L" } }] });
      }
      if (path.startsWith("/v1/batches/")) return Response.json({ status: state.batchStatuses.shift() ?? "AWAITING_CONTENT" });
      return new Response("not found", { status: 404 });
    },
  });
  const base = `http://127.0.0.1:${server.port}`;
  teacher = {
    token: "t", userId: "u",
    async call(method, path, body) {
      const res = await fetch(`${base}${path}`, { method, headers: { "Content-Type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: res.status, body: await res.json() };
    },
    upload: () => Promise.reject(new Error("not used")),
    listen: () => () => undefined,
  };
});
afterAll(() => {
  server.stop(true);
});

describe("demo guards", () => {
  test("confirmDemoMatches throws on a non-200 confirmation and passes on 200", async () => {
    const lines: string[] = [];
    state.confirmStatus = 409;
    await expect(confirmDemoMatches(teacher, "b1", (l) => lines.push(l))).rejects.toThrow(/HTTP 409/);
    expect(lines.some((l) => l.includes("confirmed"))).toBe(false);
    state.confirmStatus = 200;
    await confirmDemoMatches(teacher, "b1", (l) => lines.push(l));
    expect(lines.at(-1)).toBe("author matches confirmed: HTTP 200");
  });

  test("waitForBatchReady fails on timeout with the last status, and returns once the batch is ready", async () => {
    state.batchStatuses = [];
    await expect(waitForBatchReady(teacher, "b2", 300, 20)).rejects.toThrow(/not READY_FOR_PIPELINE_EXECUTION within 0.3 s \(last: AWAITING_CONTENT\)/);
    state.batchStatuses = ["AWAITING_CONTENT", "AWAITING_CONTENT", "READY_FOR_PIPELINE_EXECUTION"];
    await waitForBatchReady(teacher, "b2", 5_000, 20);
    expect(state.batchStatuses).toEqual([]);
  });
});
