import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { INTERNAL_KEY, startGatewayFixture, type ErrorBody, type GatewayFixture } from "./gateway-fixture.ts";

let gw: GatewayFixture;
let owner: string;
let intruder: string;
beforeAll(async () => {
  gw = await startGatewayFixture();
  owner = await gw.identity.token({ sub: "anchor-owner", org_id: "school-1" });
  intruder = await gw.identity.token({ sub: "anchor-intruder", org_id: "school-1" });
});
afterAll(async () => {
  await gw.stop();
});

const path = (assignmentId: string) => `/v1/assignments/${assignmentId}/anchors`;
const ANCHORS = { grade_scale: "swedish_a_f", anchors: [{ anchor_id: "a-high", grade: "A", text: "An excellent essay." }, { grade: "E", text: "A weak essay." }] };
type AnchorSet = { assignment_id: string; grade_scale: string; anchors: { anchor_id: string; grade: string; characters: number }[] };

describe("anchors proxied to CJ assessment", () => {
  test("POST forwards the body with X-User-ID = token subject, the correlation id and the internal key; 201 is CJ's anchor set", async () => {
    const res = await gw.call("POST", path("essay-2025"), owner, ANCHORS, { "X-Correlation-ID": "corr-anchors-1" });
    expect(res.status).toBe(201);
    const set = (await res.json()) as AnchorSet;
    expect(set.assignment_id).toBe("essay-2025");
    expect(set.grade_scale).toBe("swedish_a_f");
    expect(set.anchors.map((a) => [a.grade, a.characters])).toEqual([["A", 19], ["E", 13]]);
    expect(set.anchors[0]?.anchor_id).toBe("a-high");
    const call = gw.cj.calls.at(-1)!;
    expect(call).toEqual({ method: "POST", assignmentId: "essay-2025", userId: "anchor-owner", correlationId: "corr-anchors-1", body: ANCHORS });
    expect(gw.cj.requests.at(-1)?.headers["x-internal-api-key"]).toBe(INTERNAL_KEY);
  });

  test("GET gives the owner the anchor set, asking CJ as the caller", async () => {
    await gw.call("POST", path("essay-get"), owner, ANCHORS);
    const res = await gw.call("GET", path("essay-get"), owner);
    expect(res.status).toBe(200);
    expect(((await res.json()) as AnchorSet).anchors).toHaveLength(2);
    expect(gw.cj.calls.at(-1)).toMatchObject({ method: "GET", assignmentId: "essay-get", userId: "anchor-owner" });
  });

  test("another teacher's id is not theirs: GET is the same 404 as an id without anchors, POST makes the caller's own set; the owner's set is untouched", async () => {
    await gw.call("POST", path("essay-private"), owner, ANCHORS);
    const strip = (b: ErrorBody) => ({ ...b, correlation_id: undefined, message: b.message.replace(/essay-\w+/, "ID"), details: { ...b.details, assignment_id: undefined } });
    const missing = (await (await gw.call("GET", path("essay-none"), intruder)).json()) as ErrorBody;
    const read = await gw.call("GET", path("essay-private"), intruder);
    expect(read.status).toBe(404);
    expect(strip((await read.json()) as ErrorBody)).toEqual(strip(missing));
    const write = await gw.call("POST", path("essay-private"), intruder, { grade_scale: "numeric_1_5", anchors: [{ grade: "1", text: "Sabotage." }] });
    expect(write.status).toBe(201);
    expect(((await write.json()) as AnchorSet).anchors.map((a) => a.grade)).toEqual(["1"]);
    expect(gw.cj.assignments.get("anchor-owner:essay-private")?.anchors.size).toBe(2);
    expect(gw.cj.assignments.get("anchor-owner:essay-private")?.gradeScale).toBe("swedish_a_f");
  });

  test("CJ's 4xx answers are passed on unchanged: unknown scale, grade not on the scale (400), another scale (409)", async () => {
    const unknownScale = await gw.call("POST", path("essay-4xx"), owner, { ...ANCHORS, grade_scale: "ib_1_7" });
    expect(unknownScale.status).toBe(400);
    expect(Object.keys(((await unknownScale.json()) as ErrorBody).details?.fields ?? {})).toEqual(["grade_scale"]);
    const offScale = await gw.call("POST", path("essay-4xx"), owner, { grade_scale: "swedish_a_f", anchors: [{ grade: "C", text: "ok" }, { grade: "7", text: "no" }] });
    expect(offScale.status).toBe(400);
    const offBody = (await offScale.json()) as ErrorBody;
    expect(offBody.details?.fields).toEqual({ "anchors.1.grade": "grade 7 is not on scale swedish_a_f" });
    expect(offBody.details?.upstream).toBe("cj-assessment");
    expect((await gw.call("POST", path("essay-4xx"), owner, ANCHORS)).status).toBe(201);
    const otherScale = await gw.call("POST", path("essay-4xx"), owner, { grade_scale: "numeric_1_5", anchors: [{ grade: "3", text: "x" }] });
    expect(otherScale.status).toBe(409);
    const conflict = (await otherScale.json()) as ErrorBody;
    expect(conflict.error_code).toBe("CONFLICT");
    expect(conflict.details?.grade_scale).toBe("swedish_a_f");
  });

  test("CJ slower than the timeout → 504 TIMEOUT", async () => {
    gw.cj.setDelay(1500);
    try {
      const res = await gw.call("GET", path("essay-2025"), owner);
      expect(res.status).toBe(504);
      expect(((await res.json()) as ErrorBody).error_code).toBe("TIMEOUT");
    } finally {
      gw.cj.setDelay(0);
    }
  });
});

describe("validation in the gateway → 400 with the field; CJ is not called", () => {
  const long = "x".repeat(50_001);
  const cases: [string, string, unknown, string[]][] = [
    ["no anchors", "essay-v", { grade_scale: "swedish_a_f", anchors: [] }, ["anchors"]],
    ["missing fields", "essay-v", {}, ["grade_scale", "anchors"]],
    ["empty text and grade", "essay-v", { grade_scale: "swedish_a_f", anchors: [{ grade: " ", text: "" }] }, ["anchors.0.grade", "anchors.0.text"]],
    ["text too long", "essay-v", { grade_scale: "swedish_a_f", anchors: [{ grade: "A", text: long }] }, ["anchors.0.text"]],
    ["too many anchors", "essay-v", { grade_scale: "swedish_a_f", anchors: Array.from({ length: 51 }, () => ({ grade: "A", text: "t" })) }, ["anchors"]],
    ["unknown fields", "essay-v", { ...ANCHORS, user_id: "someone" }, ["user_id"]],
    ["malformed anchor id", "essay-v", { grade_scale: "swedish_a_f", anchors: [{ anchor_id: "../x", grade: "A", text: "t" }] }, ["anchors.0.anchor_id"]],
    ["malformed assignment id", "-bad%20id", ANCHORS, ["assignment_id"]],
  ];
  for (const [name, assignmentId, body, fields] of cases) {
    test(name, async () => {
      const before = gw.cj.calls.length;
      const res = await gw.call("POST", path(assignmentId), owner, body);
      expect(res.status).toBe(400);
      const error = (await res.json()) as ErrorBody;
      expect(error.error_code).toBe("VALIDATION_ERROR");
      expect(Object.keys(error.details?.fields ?? {}).sort()).toEqual([...fields].sort());
      expect(gw.cj.calls.length).toBe(before);
    });
  }

  test("a malformed assignment id on GET and a body that is not JSON", async () => {
    expect((await gw.call("GET", path("-bad"), owner)).status).toBe(400);
    expect((await gw.call("POST", path("essay-v"), owner, "{nope")).status).toBe(400);
  });
});
