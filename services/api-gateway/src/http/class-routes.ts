import type { Context, Hono } from "hono";
import * as v from "valibot";
import {
  ClassCreateRequestSchema, ClassUpdateRequestSchema, ConfirmAssociationsRequestSchema, StudentCreateRequestSchema, StudentUpdateRequestSchema,
} from "@shared/contracts/classes.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { readJson, readParams } from "@shared/http/validate.ts";
import type { ClassManagementClient } from "../clients/class-management-client.ts";
import type { GatewayEnv } from "./gateway-env.ts";

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const ClassParams = v.object({ class_id: id });
const StudentParams = v.object({ class_id: id, student_id: id });
const BatchParams = v.object({ batch_id: id });
const enc = encodeURIComponent;
const RegistrationClassSchema = v.looseObject({ class_id: v.optional(v.unknown()) });

/**
 * `/v1/classes…` (classes and rosters) and `/v1/batches/{id}/student-associations…`, owner only:
 * class-management scopes every call to the caller, so another teacher's class or batch is 404.
 * With `checkRegistrationClass`, a batch registration naming a class_id must name one of the caller's classes.
 */
export function registerClassRoutes(app: Hono<GatewayEnv>, deps: { classes: ClassManagementClient; checkRegistrationClass: boolean }): void {
  const { classes } = deps;
  const relay = async (c: Context<GatewayEnv>, method: "GET" | "POST" | "PATCH" | "DELETE", path: string, json?: unknown) => {
    const answer = await classes.forUser(c.var.user.userId, { method, path, correlationId: c.var.correlationId, ...(json !== undefined ? { json } : {}) });
    if (answer.status === 204) return c.body(null, 204);
    return c.json(answer.body as object, answer.status as 200 | 201);
  };

  if (deps.checkRegistrationClass) {
    app.use("/v1/batches/register", async function classOwnershipMiddleware(c, next) {
      if (c.req.method === "POST") {
        const body = v.safeParse(RegistrationClassSchema, await c.req.json().catch(() => ({})));
        const classId = body.success ? body.output.class_id : undefined;
        if (typeof classId === "string" && classId.trim() && !(await classes.ownsClass(c.var.user.userId, classId.trim(), c.var.correlationId))) {
          throw new HuleEduError("RESOURCE_NOT_FOUND", "No such class for this teacher", { class_id: classId, reason: "class_not_found" });
        }
      }
      await next();
    });
  }

  app.post("/v1/classes", async (c) => relay(c, "POST", "/classes", await readJson(c, ClassCreateRequestSchema)));
  app.get("/v1/classes", (c) => relay(c, "GET", "/classes"));
  app.get("/v1/classes/:class_id", (c) => relay(c, "GET", `/classes/${enc(readParams(c, ClassParams).class_id)}`));
  app.patch("/v1/classes/:class_id", async (c) => relay(c, "PATCH", `/classes/${enc(readParams(c, ClassParams).class_id)}`, await readJson(c, ClassUpdateRequestSchema)));
  app.delete("/v1/classes/:class_id", (c) => relay(c, "DELETE", `/classes/${enc(readParams(c, ClassParams).class_id)}`));
  app.post("/v1/classes/:class_id/students", async (c) =>
    relay(c, "POST", `/classes/${enc(readParams(c, ClassParams).class_id)}/students`, await readJson(c, StudentCreateRequestSchema)));
  app.get("/v1/classes/:class_id/students", (c) => relay(c, "GET", `/classes/${enc(readParams(c, ClassParams).class_id)}/students`));
  const studentPath = (c: Context<GatewayEnv>) => {
    const p = readParams(c, StudentParams);
    return `/classes/${enc(p.class_id)}/students/${enc(p.student_id)}`;
  };
  app.get("/v1/classes/:class_id/students/:student_id", (c) => relay(c, "GET", studentPath(c)));
  app.patch("/v1/classes/:class_id/students/:student_id", async (c) => relay(c, "PATCH", studentPath(c), await readJson(c, StudentUpdateRequestSchema)));
  app.delete("/v1/classes/:class_id/students/:student_id", (c) => relay(c, "DELETE", studentPath(c)));

  app.get("/v1/batches/:batch_id/student-associations", (c) => relay(c, "GET", `/batches/${enc(readParams(c, BatchParams).batch_id)}/student-associations`));
  app.post("/v1/batches/:batch_id/student-associations/confirm", async (c) =>
    relay(c, "POST", `/batches/${enc(readParams(c, BatchParams).batch_id)}/student-associations/confirm`, await readJson(c, ConfirmAssociationsRequestSchema)));
}
