import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import { StudentAssociationsConfirmedTopic } from "@shared/contracts/events/classes.ts";
import { BatchContentProvisioningCompletedTopic } from "@shared/contracts/events/els.ts";
import { startHarness, until, type Harness } from "./support/harness.ts";

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.stop(); });
const call = <T>(method: string, path: string, body?: unknown) => h.call<T>(method, path, body);
const publish: Harness["publish"] = (topic, data) => h.publish(topic, data);

describe("classes", () => {
  test("CRUD is per teacher: another teacher's class and students are 404; bad input is 400 with fields", async () => {
    const created = await call<{ class_id: string }>("POST", "/internal/v1/users/t1/classes", { name: "SV2 B", course_code: "SV2" });
    expect(created.status).toBe(201);
    const id = created.body.class_id;
    expect((await call("POST", `/internal/v1/users/t1/classes/${id}/students`, { first_name: "Åsa", last_name: "Lindén", email: "Asa@Skolan.se" })).status).toBe(201);
    expect((await call("GET", `/internal/v1/users/t2/classes/${id}`)).status).toBe(404);
    expect((await call("GET", `/internal/v1/users/t2/classes/${id}/students`)).status).toBe(404);
    expect((await call("DELETE", `/internal/v1/users/t2/classes/${id}`)).status).toBe(404);
    expect((await call<{ classes: unknown[] }>("GET", "/internal/v1/users/t2/classes")).body.classes).toHaveLength(0);
    const bad = await call<{ error_code: string; details: { fields: Record<string, string> } }>("POST", "/internal/v1/users/t1/classes", { name: "", course_code: "MATH1" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.details.fields).sort()).toEqual(["course_code", "name"]);
    const renamed = await call<{ name: string; student_count: number }>("PATCH", `/internal/v1/users/t1/classes/${id}`, { name: "SV2 A" });
    expect(renamed.body).toMatchObject({ name: "SV2 A", student_count: 1 });
    const students = await call<{ students: { email: string }[] }>("GET", `/internal/v1/users/t1/classes/${id}/students`);
    expect(students.body.students[0]?.email).toBe("asa@skolan.se");
    expect((await call("DELETE", `/internal/v1/users/t1/classes/${id}`)).status).toBe(204);
    expect((await call("GET", `/internal/v1/users/t1/classes/${id}`)).status).toBe(404);
  });

  test("a REGULAR batch gets suggestions; unconfirmed at the timeout, confident ones are accepted and the rest left unassigned", async () => {
    const { body: cls } = await call<{ class_id: string }>("POST", "/internal/v1/users/t3/classes", { name: "9C", course_code: "ENG6" });
    const ids: Record<string, string> = {};
    for (const [first, last] of [["Åsa", "Lindén"], ["Anna-Karin", "Öberg"], ["Jonas", "Ek"]]) {
      ids[first as string] = (await call<{ student_id: string }>("POST", `/internal/v1/users/t3/classes/${cls.class_id}/students`, { first_name: first, last_name: last })).body.student_id;
    }
    const batchId = crypto.randomUUID();
    await publish(BatchEssaysRegisteredTopic, {
      batch_id: batchId, expected_essay_count: 3, essay_ids: ["e1", "e2", "e3"], course_code: "ENG6", language: "en", essay_instructions: "x", user_id: "t3", class_id: cls.class_id,
    });
    await Bun.sleep(300);
    await publish(BatchContentProvisioningCompletedTopic, {
      batch_id: batchId, expected_count: 3, provisioned_count: 3, failures: [],
      essays: [
        { essay_id: "e1", text_storage_id: "t1", original_file_name: "a.txt", file_upload_id: "f1", student_name: "asa linden", student_email: null },
        { essay_id: "e2", text_storage_id: "t2", original_file_name: "b.txt", file_upload_id: "f2", student_name: "Anna", student_email: null },
        { essay_id: "e3", text_storage_id: "t3", original_file_name: "c.txt", file_upload_id: "f3", student_name: null, student_email: null },
      ],
    });
    type View = { status: string; confirmed_by: string | null; associations: { essay_id: string; confidence: number; suggested_student: { student_id: string } | null; student: { student_id: string } | null }[] };
    const suggested = await until("suggestions", async () => {
      const got = await call<View>("GET", `/internal/v1/users/t3/batches/${batchId}/student-associations`);
      return got.status === 200 && got.body.status !== "awaiting_content" ? got.body : undefined;
    });
    expect(suggested.associations.find((a) => a.essay_id === "e1")?.suggested_student?.student_id).toBe(ids["Åsa"]);
    expect((await call("GET", `/internal/v1/users/t4/batches/${batchId}/student-associations`)).status).toBe(404);
    const settled = await until("timeout settles", async () => {
      const got = await call<View>("GET", `/internal/v1/users/t3/batches/${batchId}/student-associations`);
      return got.body.status === "confirmed" ? got.body : undefined;
    });
    expect(settled.confirmed_by).toBe("timeout");
    const student = (e: string) => settled.associations.find((a) => a.essay_id === e)?.student?.student_id ?? null;
    expect([student("e1"), student("e2"), student("e3")]).toEqual([ids["Åsa"] as string, null, null]);
    const events = await until("confirmed event", async () => {
      const entries = await h.redis.client().xrange(StudentAssociationsConfirmedTopic.name, "-", "+");
      const found = entries.map(([, f]) => JSON.parse(f[1] as string) as { data: { batch_id: string; confirmed_by: string; associations: { first_name: string | null }[] } }).filter((e) => e.data.batch_id === batchId);
      return found.length > 0 ? found : undefined;
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.data.associations.map((a) => a.first_name)).toEqual(["Åsa", null, null]);
    expect((await call("POST", `/internal/v1/users/t3/batches/${batchId}/student-associations/confirm`, {})).status).toBe(409);
  });

  test("roster names of a REGULAR batch: first and last names, once each; nothing for a GUEST, unknown or another teacher's batch; internal key required", async () => {
    const { body: cls } = await call<{ class_id: string }>("POST", "/internal/v1/users/t5/classes", { name: "8B", course_code: "SV1" });
    for (const [first, last] of [["Kallle", "Thorne"], ["Anna-Karin", "Öberg"], ["Lizzie", "Thorne"]]) {
      expect((await call("POST", `/internal/v1/users/t5/classes/${cls.class_id}/students`, { first_name: first, last_name: last })).status).toBe(201);
    }
    // A batch registered (wrongly) by t6 with t5's class id: t6 must not see t5's roster through it.
    const [regular, guest, stolen] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const registered = (batchId: string, userId: string, classId: string | null) => publish(BatchEssaysRegisteredTopic, {
      batch_id: batchId, expected_essay_count: 1, essay_ids: ["e1"], course_code: "SV1", language: "sv", essay_instructions: "x", user_id: userId, class_id: classId,
    });
    await registered(regular, "t5", cls.class_id);
    await registered(guest, "t5", null);
    await registered(stolen, "t6", cls.class_id);
    type Names = { batch_id: string; names: string[] };
    const names = await until("the REGULAR batch recorded", async () => {
      const got = await call<Names>("GET", `/internal/v1/users/t5/batches/${regular}/roster-names`);
      return got.status === 200 && got.body.names.length > 0 ? got.body : undefined;
    });
    expect(names.batch_id).toBe(regular);
    expect([...names.names].sort()).toEqual(["Anna-Karin", "Kallle", "Lizzie", "Thorne", "Öberg"].sort());
    await until("the other batches recorded", async () => {
      const got = await call<{ associations: unknown[] }>("GET", `/internal/v1/users/t6/batches/${stolen}/student-associations`);
      return got.status === 200 ? true : undefined;
    });
    for (const [userId, batchId] of [["t5", guest], ["t6", regular], ["t6", stolen], ["t5", crypto.randomUUID()]] as const) {
      const got = await call<Names>("GET", `/internal/v1/users/${userId}/batches/${batchId}/roster-names`);
      expect({ status: got.status, body: got.body }).toEqual({ status: 200, body: { batch_id: batchId, names: [] } });
    }
    const unauthorised = await fetch(`${h.url}/internal/v1/users/t5/batches/${regular}/roster-names`);
    expect(unauthorised.status).toBe(401);
    // A student added later is on the roster at once (class-management does not cache).
    await call("POST", `/internal/v1/users/t5/classes/${cls.class_id}/students`, { first_name: "Sigge", last_name: "Öberg" });
    expect((await call<Names>("GET", `/internal/v1/users/t5/batches/${regular}/roster-names`)).body.names).toContain("Sigge");
  });

  test("status columns refuse values outside their enums", () => {
    const db = new Database(h.dbPath);
    expect(() => db.run("UPDATE batch_matchings SET status = 'bogus'")).toThrow(/CHECK/);
    expect(() => db.run("UPDATE batch_matchings SET confirmed_by = 'robot'")).toThrow(/CHECK/);
    db.close();
  });
});
