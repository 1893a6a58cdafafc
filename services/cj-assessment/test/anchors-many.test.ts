import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { INTERNAL_KEY, startCjFixture, type CjFixture } from "./support/cj-fixture.ts";

setDefaultTimeout(30_000);

let fx: CjFixture;
beforeAll(async () => {
  fx = await startCjFixture(); // default limits: 50 anchors per assignment
});
afterAll(() => fx.stop());

function post(assignment: string, user: string, body: unknown) {
  return fetch(`${fx.cj.url}/v1/assignments/${assignment}/anchors`, {
    method: "POST", headers: { "X-Internal-API-Key": INTERNAL_KEY, "X-User-ID": user, "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
}
type AnchorSet = { grade_scale: string; anchors: { anchor_id: string; grade: string }[] };

test("50 anchors on a numeric 0–60 range, several per grade, added in two goes; the 51st is refused", async () => {
  const first = Array.from({ length: 30 }, (_, i) => ({ anchor_id: `a${i}`, grade: String((i * 2) % 61), text: `Anchor ${i}.` }));
  const created = await post("asap-8", "teacher-n", { grade_scale: "numeric_0_60", anchors: first });
  expect(created.status).toBe(201);
  // Later, the teacher adds 20 more, three of them on grade 30 that already has anchors.
  const later = Array.from({ length: 20 }, (_, i) => ({ anchor_id: `b${i}`, grade: i < 3 ? "30" : String(60 - i), text: `Later anchor ${i}.` }));
  const added = await post("asap-8", "teacher-n", { grade_scale: "numeric_0_60", anchors: later });
  expect(added.status).toBe(201);
  const set = (await added.json()) as AnchorSet;
  expect(set.grade_scale).toBe("numeric_0_60");
  expect(set.anchors).toHaveLength(50);
  expect(set.anchors.filter((a) => a.grade === "30").length).toBe(4);
  const full = await post("asap-8", "teacher-n", { grade_scale: "numeric_0_60", anchors: [{ grade: "10", text: "One too many." }] });
  expect(full.status).toBe(409);
  expect(((await full.json()) as { details: { max_anchors: number } }).details.max_anchors).toBe(50);
  expect(fx.sql("SELECT * FROM anchors WHERE assignment_id = 'asap-8'")).toHaveLength(50);
});

test("ELLIPSE-style 1–5 and an integer 1–6 range: grades off the range are a 400 naming the field; another scale is a 409", async () => {
  expect((await post("ellipse", "teacher-n", { grade_scale: "numeric_1_5", anchors: ["1", "2", "3", "4", "5", "3"].map((grade) => ({ grade, text: `Band ${grade}.` })) })).status).toBe(201);
  const off = await post("asap-2", "teacher-n", { grade_scale: "numeric_1_6", anchors: [{ grade: "6", text: "ok" }, { grade: "0", text: "no" }] });
  expect(off.status).toBe(400);
  expect(((await off.json()) as { details: { fields: Record<string, string> } }).details.fields).toEqual({ "anchors.1.grade": "grade 0 is not on scale numeric_1_6 (1, 2, 3, 4, 5, 6)" });
  const mixed = await post("ellipse", "teacher-n", { grade_scale: "numeric_1_6", anchors: [{ grade: "6", text: "A six." }] });
  expect(mixed.status).toBe(409);
  const conflict = (await mixed.json()) as { error_code: string; message: string; details: Record<string, string> };
  expect(conflict.error_code).toBe("CONFLICT");
  expect(conflict.details).toMatchObject({ grade_scale: "numeric_1_5", requested_grade_scale: "numeric_1_6" });
  expect(fx.sql("SELECT * FROM anchors WHERE assignment_id = 'ellipse'")).toHaveLength(6);
});
