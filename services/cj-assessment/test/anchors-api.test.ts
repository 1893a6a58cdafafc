import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { INTERNAL_KEY, startCjFixture, type CjFixture } from "./support/cj-fixture.ts";

setDefaultTimeout(30_000);

let fx: CjFixture;

beforeAll(async () => {
  fx = await startCjFixture({ CJ_MAX_ANCHORS_PER_ASSIGNMENT: "4", CJ_MAX_ANCHOR_TEXT_CHARS: "200" });
});
afterAll(() => fx.stop());

interface ErrorBody {
  error_code: string;
  message: string;
  details?: { fields?: Record<string, string> };
}

function call(method: "GET" | "POST", assignment: string, user: string | undefined, body?: unknown, key = INTERNAL_KEY) {
  const headers: Record<string, string> = { "X-Internal-API-Key": key, "Content-Type": "application/json" };
  if (user !== undefined) headers["X-User-ID"] = user;
  return fetch(`${fx.cj.url}/v1/assignments/${assignment}/anchors`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

const anchor = (grade: string, anchor_id?: string) => ({ grade, text: `An anchor essay graded ${grade}.`, ...(anchor_id ? { anchor_id } : {}) });

describe("anchors API", () => {
  test("the owner registers anchors, lists them and replaces one by id", async () => {
    const created = await call("POST", "asg-own", "teacher-a", { grade_scale: "swedish_a_f", anchors: [anchor("E", "low"), anchor("A")] });
    expect(created.status).toBe(201);
    const set = (await created.json()) as { assignment_id: string; grade_scale: string; anchors: { anchor_id: string; grade: string; characters: number }[] };
    expect(set.assignment_id).toBe("asg-own");
    expect(set.grade_scale).toBe("swedish_a_f");
    expect(set.anchors.map((a) => a.grade).sort()).toEqual(["A", "E"]);
    expect(set.anchors.find((a) => a.grade === "A")!.anchor_id).toMatch(/^[0-9a-f-]{36}$/);

    const replaced = await call("POST", "asg-own", "teacher-a", { grade_scale: "swedish_a_f", anchors: [anchor("D", "low")] });
    expect(replaced.status).toBe(201);
    const listed = (await (await call("GET", "asg-own", "teacher-a")).json()) as typeof set;
    expect(listed.anchors).toHaveLength(2);
    expect(listed.anchors.find((a) => a.anchor_id === "low")!.grade).toBe("D");
    const [stored] = fx.sql<{ text: string }>("SELECT text FROM anchors WHERE assignment_id = 'asg-own' AND anchor_id = 'low'");
    expect(stored?.text).toBe("An anchor essay graded D.");
  });

  test("assignment ids are scoped per teacher: another teacher's same id is their own set, never a 404 and never A's anchors", async () => {
    expect((await call("POST", "asg-mine", "teacher-a", { grade_scale: "numeric_1_5", anchors: [anchor("3", "mid")] })).status).toBe(201);
    expect((await call("GET", "asg-mine", "teacher-b")).status).toBe(404); // B has no anchors for it yet
    const write = await call("POST", "asg-mine", "teacher-b", { grade_scale: "swedish_a_f", anchors: [anchor("A", "mid")] });
    expect(write.status).toBe(201);
    const bSet = (await write.json()) as { grade_scale: string; anchors: { anchor_id: string; grade: string }[] };
    expect(bSet.grade_scale).toBe("swedish_a_f");
    expect(bSet.anchors.map((x) => x.grade)).toEqual(["A"]);
    const aSet = (await (await call("GET", "asg-mine", "teacher-a")).json()) as typeof bSet;
    expect(aSet.grade_scale).toBe("numeric_1_5");
    expect(aSet.anchors.map((x) => [x.anchor_id, x.grade])).toEqual([["mid", "3"]]);
    expect(fx.sql<{ owner_user_id: string; grade: string }>("SELECT owner_user_id, grade FROM anchors WHERE assignment_id = 'asg-mine' ORDER BY owner_user_id")).toEqual([
      { owner_user_id: "teacher-a", grade: "3" }, { owner_user_id: "teacher-b", grade: "A" },
    ]);
    expect((await call("GET", "asg-never", "teacher-a")).status).toBe(404);
  });

  test("bodies are validated: scale, grades on the scale, sizes, ids, unknown fields", async () => {
    const cases: [unknown, string][] = [
      [{ grade_scale: "letters", anchors: [anchor("A")] }, "grade_scale"],
      [{ grade_scale: "numeric_6_1", anchors: [anchor("3")] }, "grade_scale"],
      [{ grade_scale: "numeric_0_500", anchors: [anchor("3")] }, "grade_scale"],
      [{ grade_scale: "numeric_1_6", anchors: [anchor("7")] }, "anchors.0.grade"],
      [{ grade_scale: "swedish_a_f", anchors: [anchor("A"), anchor("G")] }, "anchors.1.grade"],
      [{ grade_scale: "swedish_a_f", anchors: [] }, "anchors"],
      [{ grade_scale: "swedish_a_f", anchors: [anchor("A"), anchor("B"), anchor("C"), anchor("D"), anchor("E")] }, "anchors"],
      [{ grade_scale: "swedish_a_f", anchors: [{ grade: "A", text: "x".repeat(201) }] }, "anchors.0.text"],
      [{ grade_scale: "swedish_a_f", anchors: [{ grade: "A", text: "   " }] }, "anchors.0.text"],
      [{ grade_scale: "swedish_a_f", anchors: [anchor("A", "bad id!")] }, "anchors.0.anchor_id"],
      [{ grade_scale: "swedish_a_f", anchors: [{ ...anchor("A"), extra: 1 }] }, "anchors.0.extra"],
      // The below-lowest grade of a scale is projected, never anchored.
      [{ grade_scale: "eng5_np_legacy_9_step", anchors: [anchor("F")] }, "anchors.0.grade"],
    ];
    for (const [body, field] of cases) {
      const res = await call("POST", "asg-valid", "teacher-a", body);
      expect(res.status).toBe(400);
      const error = (await res.json()) as ErrorBody;
      expect(error.error_code).toBe("VALIDATION_ERROR");
      expect(Object.keys(error.details?.fields ?? {})).toContain(field);
    }
    const dup = await call("POST", "asg-valid", "teacher-a", { grade_scale: "swedish_a_f", anchors: [anchor("A", "x"), anchor("B", "x")] });
    expect(dup.status).toBe(400);
    expect((await call("POST", "bad%20id", "teacher-a", { grade_scale: "swedish_a_f", anchors: [anchor("A")] })).status).toBe(400);
    expect(fx.sql("SELECT * FROM anchor_assignments WHERE assignment_id = 'asg-valid'")).toHaveLength(0);
  });

  test("the scale is fixed by the first registration and the anchor count is capped across requests", async () => {
    expect((await call("POST", "asg-cap", "teacher-a", { grade_scale: "swedish_a_f", anchors: [anchor("A", "a1"), anchor("B", "b1"), anchor("C", "c1")] })).status).toBe(201);
    const otherScale = await call("POST", "asg-cap", "teacher-a", { grade_scale: "numeric_1_5", anchors: [anchor("3")] });
    expect(otherScale.status).toBe(409);
    expect(((await otherScale.json()) as ErrorBody).error_code).toBe("CONFLICT");
    const tooMany = await call("POST", "asg-cap", "teacher-a", { grade_scale: "swedish_a_f", anchors: [anchor("D", "d1"), anchor("E", "e1")] });
    expect(tooMany.status).toBe(409);
    expect((await call("POST", "asg-cap", "teacher-a", { grade_scale: "swedish_a_f", anchors: [anchor("D", "d1"), anchor("E", "a1")] })).status).toBe(201);
    expect(fx.sql("SELECT * FROM anchors WHERE assignment_id = 'asg-cap'")).toHaveLength(4);
  });

  test("the internal key and the caller id are required", async () => {
    const noKey = await call("GET", "asg-own", "teacher-a", undefined, "wrong-key");
    expect(noKey.status).toBe(401);
    const noUser = await call("GET", "asg-own", undefined);
    expect(noUser.status).toBe(401);
    expect(((await noUser.json()) as ErrorBody).message).toContain("X-User-ID");
  });

  test("health, readiness and the OpenAPI document", async () => {
    expect((await fetch(`${fx.cj.url}/healthz`)).status).toBe(200);
    const ready = (await (await fetch(`${fx.cj.url}/readyz`)).json()) as { checks: Record<string, boolean> };
    expect(ready.checks).toEqual({ redis: true, database: true });
    const doc = (await (await fetch(`${fx.cj.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { parameters: { name: string }[] }>> };
    const post = doc.paths["/v1/assignments/{assignment_id}/anchors"]!.post!;
    expect(post.parameters.map((p) => p.name)).toEqual(["assignment_id", "X-User-ID"]);
  });
});
