import { afterAll, beforeAll, expect, test } from "bun:test";
import { BatchStatus } from "@shared/contracts/enums.ts";
import { startGatewayFixture, type ErrorBody, type GatewayFixture } from "./gateway-fixture.ts";
import { rasViews } from "./fakes/fake-ras.ts";

let gw: GatewayFixture;
let owner: string;
let intruder: string;
let batchId: string;
let promptId: string;

beforeAll(async () => {
  gw = await startGatewayFixture();
  owner = await gw.identity.token({ sub: "owner-teacher", org_id: "org-1" });
  // Same organisation does not make a batch shared.
  intruder = await gw.identity.token({ sub: "other-teacher", org_id: "org-1" });
  batchId = await gw.registerBatch(owner);
  promptId = gw.contentService.store("Describe your favourite place.");
  gw.ras.views.set(batchId, rasViews(batchId, "owner-teacher"));
});
afterAll(async () => {
  await gw.stop();
});

function upload(id: string): FormData {
  const form = new FormData();
  form.set("batch_id", id);
  form.append("files", new File(["An essay."], "essay.txt", { type: "text/plain" }));
  return form;
}

const routes = (id: string): [string, string, () => unknown][] => [
  ["GET", `/v1/batches/${id}`, () => undefined],
  ["PATCH", `/v1/batches/${id}/prompt`, () => ({ student_prompt_ref: { references: { student_prompt_text: { storage_id: promptId } } } })],
  ["POST", "/v1/files/batch", () => upload(id)],
  ["POST", `/v1/batches/${id}/pipelines`, () => ({ requested_pipeline: "spellcheck" })],
  ["GET", `/v1/batches/${id}/status`, () => undefined],
  ["GET", `/v1/batches/${id}/results`, () => undefined],
];

test("another user's batch is 404 on every batch route, answered exactly like a batch that does not exist", async () => {
  gw.bos.setStatus(batchId, BatchStatus.AWAITING_CONTENT);
  const missingId = crypto.randomUUID();
  gw.ras.views.set(missingId, rasViews(missingId, "nobody")); // RAS may know a batch BOS does not
  const strip = (b: ErrorBody) => ({ ...b, correlation_id: undefined, message: b.message.replace(batchId, "ID").replace(missingId, "ID"), details: { ...b.details, batch_id: undefined } });
  const mutationsBefore = { uploads: gw.fileService.uploads.length, prompts: gw.bos.promptAmendments.length };
  for (const [[method, path, body], [, missingPath, missingBody]] of routes(batchId).map((r, i) => [r, routes(missingId)[i]!] as const)) {
    const theirs = await gw.call(method, path, intruder, body());
    const missing = await gw.call(method, missingPath, intruder, missingBody());
    expect([method, path, theirs.status]).toEqual([method, path, 404]);
    expect(missing.status).toBe(404);
    const [a, b] = [(await theirs.json()) as ErrorBody, (await missing.json()) as ErrorBody];
    expect(a.error_code).toBe("RESOURCE_NOT_FOUND");
    expect(strip(a)).toEqual(strip(b));
  }
  expect(gw.fileService.uploads.length).toBe(mutationsBefore.uploads);
  expect(gw.bos.promptAmendments.length).toBe(mutationsBefore.prompts);
  expect(await gw.redis.client().xlen("huleedu.commands.batch.pipeline.v1")).toBe(0);
});

test("the intruder's list does not contain the batch; the owner's does", async () => {
  const theirs = (await (await gw.call("GET", "/v1/batches", intruder)).json()) as { batches: { batch_id: string }[] };
  expect(theirs.batches.map((b) => b.batch_id)).not.toContain(batchId);
  const mine = (await (await gw.call("GET", "/v1/batches", owner)).json()) as { batches: { batch_id: string }[] };
  expect(mine.batches.map((b) => b.batch_id)).toContain(batchId);
});

test("the owner reaches every route (control for the test above)", async () => {
  const statuses: number[] = [];
  for (const [method, path, body] of routes(batchId)) {
    if (path.endsWith("/pipelines")) gw.bos.setStatus(batchId, BatchStatus.READY_FOR_PIPELINE_EXECUTION);
    statuses.push((await gw.call(method, path, owner, body())).status);
  }
  expect(statuses).toEqual([200, 200, 202, 202, 200, 200]);
});
