import type { Hono } from "hono";
import * as v from "valibot";
import { ClassCreateRequestSchema, ClassUpdateRequestSchema, StudentCreateRequestSchema, StudentUpdateRequestSchema } from "@shared/contracts/classes.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { Db } from "@shared/db/database.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson, readParams } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import {
  classesOf, deleteClass, deleteStudent, insertClass, insertStudent, ownedClass, rosterOf, studentInClass, updateClass, updateStudent,
} from "../db/class-repository.ts";
import { classView, studentView } from "./views.ts";

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
export const UserParamsSchema = v.object({ user_id: id });
const ClassParamsSchema = v.object({ user_id: id, class_id: id });
const StudentParamsSchema = v.object({ user_id: id, class_id: id, student_id: id });
export const BatchParamsSchema = v.object({ user_id: id, batch_id: id });
export const USER = "/internal/v1/users/:user_id";

// Another teacher's class answers exactly like a class that does not exist.
const classNotFound = (classId: string) => new HuleEduError("RESOURCE_NOT_FOUND", "No such class", { class_id: classId, reason: "class_not_found" });

/** Class and roster CRUD for one teacher (the gateway puts the caller's user id in the path). */
export function registerClassRoutes(app: Hono<AppEnv>, deps: { db: Db; logger: Logger }): void {
  const { db, logger } = deps;
  const owned = (userId: string, classId: string) => {
    const row = ownedClass(db, userId, classId);
    if (!row) throw classNotFound(classId);
    return row;
  };

  app.post(`${USER}/classes`, async (c) => {
    const { user_id } = readParams(c, UserParamsSchema);
    const body = await readJson(c, ClassCreateRequestSchema);
    const now = new Date().toISOString();
    const row = { classId: crypto.randomUUID(), ownerUserId: user_id, name: body.name, courseCode: body.course_code, createdAt: now, updatedAt: now };
    insertClass(db, row);
    logger.info("class created", { class_id: row.classId, user_id, correlation_id: c.var.correlationId });
    return c.json(classView(db, row, 0), 201);
  });
  app.get(`${USER}/classes`, (c) => {
    const { user_id } = readParams(c, UserParamsSchema);
    return c.json({ classes: classesOf(db, user_id).map((row) => classView(db, row, row.studentCount)) });
  });
  app.get(`${USER}/classes/:class_id`, (c) => {
    const { user_id, class_id } = readParams(c, ClassParamsSchema);
    return c.json(classView(db, owned(user_id, class_id)));
  });
  app.patch(`${USER}/classes/:class_id`, async (c) => {
    const { user_id, class_id } = readParams(c, ClassParamsSchema);
    owned(user_id, class_id);
    const body = await readJson(c, ClassUpdateRequestSchema);
    updateClass(db, class_id, { ...(body.name ? { name: body.name } : {}), ...(body.course_code ? { courseCode: body.course_code } : {}) });
    return c.json(classView(db, owned(user_id, class_id)));
  });
  app.delete(`${USER}/classes/:class_id`, (c) => {
    const { user_id, class_id } = readParams(c, ClassParamsSchema);
    owned(user_id, class_id);
    deleteClass(db, class_id);
    return c.body(null, 204);
  });

  app.post(`${USER}/classes/:class_id/students`, async (c) => {
    const { user_id, class_id } = readParams(c, ClassParamsSchema);
    owned(user_id, class_id);
    const body = await readJson(c, StudentCreateRequestSchema);
    const row = { studentId: crypto.randomUUID(), classId: class_id, firstName: body.first_name, lastName: body.last_name, email: body.email ?? null, createdAt: new Date().toISOString() };
    insertStudent(db, row);
    return c.json(studentView(row), 201);
  });
  app.get(`${USER}/classes/:class_id/students`, (c) => {
    const { user_id, class_id } = readParams(c, ClassParamsSchema);
    owned(user_id, class_id);
    return c.json({ students: rosterOf(db, class_id).map(studentView) });
  });
  const ownedStudent = (p: v.InferOutput<typeof StudentParamsSchema>) => {
    owned(p.user_id, p.class_id);
    const row = studentInClass(db, p.class_id, p.student_id);
    if (!row) throw new HuleEduError("RESOURCE_NOT_FOUND", "No such student in this class", { student_id: p.student_id, reason: "student_not_found" });
    return row;
  };
  app.get(`${USER}/classes/:class_id/students/:student_id`, (c) => c.json(studentView(ownedStudent(readParams(c, StudentParamsSchema)))));
  app.patch(`${USER}/classes/:class_id/students/:student_id`, async (c) => {
    const params = readParams(c, StudentParamsSchema);
    ownedStudent(params);
    const body = await readJson(c, StudentUpdateRequestSchema);
    updateStudent(db, params.student_id, {
      ...(body.first_name ? { firstName: body.first_name } : {}), ...(body.last_name ? { lastName: body.last_name } : {}),
      ...(body.email !== undefined ? { email: body.email } : {}),
    });
    return c.json(studentView(ownedStudent(params)));
  });
  app.delete(`${USER}/classes/:class_id/students/:student_id`, (c) => {
    const params = readParams(c, StudentParamsSchema);
    ownedStudent(params);
    deleteStudent(db, params.student_id);
    return c.body(null, 204);
  });
}
