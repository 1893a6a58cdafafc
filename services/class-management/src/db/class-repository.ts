import { and, asc, count, eq } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { classes, students } from "./schema.ts";

export type ClassRow = typeof classes.$inferSelect;
export type StudentRow = typeof students.$inferSelect;

/** Classes and students; every read and write is scoped to the owning teacher. */
export function ownedClass(db: DbOrTx, ownerUserId: string, classId: string): ClassRow | undefined {
  return db.select().from(classes).where(and(eq(classes.classId, classId), eq(classes.ownerUserId, ownerUserId))).get();
}

export function classesOf(db: DbOrTx, ownerUserId: string): (ClassRow & { studentCount: number })[] {
  const rows = db.select().from(classes).where(eq(classes.ownerUserId, ownerUserId)).orderBy(asc(classes.createdAt)).all();
  return rows.map((row) => ({ ...row, studentCount: studentCount(db, row.classId) }));
}

export function studentCount(db: DbOrTx, classId: string): number {
  return db.select({ n: count() }).from(students).where(eq(students.classId, classId)).get()?.n ?? 0;
}

export function insertClass(db: DbOrTx, row: ClassRow): void {
  db.insert(classes).values(row).run();
}

export function updateClass(db: DbOrTx, classId: string, change: Partial<Pick<ClassRow, "name" | "courseCode">>): void {
  db.update(classes).set({ ...change, updatedAt: new Date().toISOString() }).where(eq(classes.classId, classId)).run();
}

export function deleteClass(db: DbOrTx, classId: string): void {
  db.delete(classes).where(eq(classes.classId, classId)).run();
}

export function rosterOf(db: DbOrTx, classId: string): StudentRow[] {
  return db.select().from(students).where(eq(students.classId, classId)).orderBy(asc(students.lastName), asc(students.firstName)).all();
}

export function studentInClass(db: DbOrTx, classId: string, studentId: string): StudentRow | undefined {
  return db.select().from(students).where(and(eq(students.studentId, studentId), eq(students.classId, classId))).get();
}

export function insertStudent(db: DbOrTx, row: StudentRow): void {
  db.insert(students).values(row).run();
}

export function updateStudent(db: DbOrTx, studentId: string, change: Partial<Pick<StudentRow, "firstName" | "lastName" | "email">>): void {
  db.update(students).set(change).where(eq(students.studentId, studentId)).run();
}

export function deleteStudent(db: DbOrTx, studentId: string): void {
  db.delete(students).where(eq(students.studentId, studentId)).run();
}
