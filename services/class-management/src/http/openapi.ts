import {
  ClassCreateRequestSchema, ClassListSchema, ClassSchema, ClassUpdateRequestSchema, ConfirmAssociationsRequestSchema, RosterNamesSchema, StudentAssociationsSchema,
  StudentCreateRequestSchema, StudentListSchema, StudentSchema, StudentUpdateRequestSchema,
} from "@shared/contracts/classes.ts";
import { ErrorDetailSchema } from "@shared/contracts/errors.ts";
import { buildOpenApiDocument, type RouteDoc } from "@shared/http/openapi.ts";

const error = (description: string) => ({ description, schema: ErrorDetailSchema });
const notFound = error("RESOURCE_NOT_FOUND: no such class/student/batch for this teacher (another teacher's is reported the same way)");
const U = "/internal/v1/users/{user_id}";
const user = { user_id: "The teacher (the gateway passes the caller)" };
const cls = { ...user, class_id: "Class id" };
const stu = { ...cls, student_id: "Student id" };
const bat = { ...user, batch_id: "Batch id" };
const r = (doc: Omit<RouteDoc, "security" | "tags">): RouteDoc => ({ ...doc, security: "internal", tags: ["classes"] });

export function openApiDocument() {
  return buildOpenApiDocument({
    title: "HuleEdu Class Management Service",
    version: "1.0.0",
    description:
      "Classes, students (rosters) and the matching of a REGULAR batch's essay authors to the class roster. Internal API: the gateway " +
      "relays `/v1/classes…` and `/v1/batches/{id}/student-associations` with the caller's user id in the path.",
    components: {
      ClassCreateRequest: ClassCreateRequestSchema, ClassUpdateRequest: ClassUpdateRequestSchema, Class: ClassSchema, ClassList: ClassListSchema,
      StudentCreateRequest: StudentCreateRequestSchema, StudentUpdateRequest: StudentUpdateRequestSchema, Student: StudentSchema, StudentList: StudentListSchema,
      StudentAssociations: StudentAssociationsSchema, ConfirmAssociationsRequest: ConfirmAssociationsRequestSchema, RosterNames: RosterNamesSchema,
    },
    routes: [
      r({ method: "post", path: `${U}/classes`, operationId: "createClass", summary: "Create a class", params: user, body: { schema: ClassCreateRequestSchema }, responses: { 201: { description: "Created", schema: ClassSchema }, 400: error("VALIDATION_ERROR") } }),
      r({ method: "get", path: `${U}/classes`, operationId: "listClasses", summary: "The teacher's classes", params: user, responses: { 200: { description: "Classes", schema: ClassListSchema } } }),
      r({ method: "get", path: `${U}/classes/{class_id}`, operationId: "getClass", summary: "One class", params: cls, responses: { 200: { description: "Class", schema: ClassSchema }, 404: notFound } }),
      r({ method: "patch", path: `${U}/classes/{class_id}`, operationId: "updateClass", summary: "Rename or recode a class", params: cls, body: { schema: ClassUpdateRequestSchema }, responses: { 200: { description: "Class", schema: ClassSchema }, 404: notFound } }),
      r({ method: "delete", path: `${U}/classes/{class_id}`, operationId: "deleteClass", summary: "Delete a class and its roster", params: cls, responses: { 204: { description: "Deleted" }, 404: notFound } }),
      r({ method: "post", path: `${U}/classes/{class_id}/students`, operationId: "addStudent", summary: "Add a student to the roster", params: cls, body: { schema: StudentCreateRequestSchema }, responses: { 201: { description: "Added", schema: StudentSchema }, 404: notFound } }),
      r({ method: "get", path: `${U}/classes/{class_id}/students`, operationId: "listStudents", summary: "The roster", params: cls, responses: { 200: { description: "Students", schema: StudentListSchema }, 404: notFound } }),
      r({ method: "get", path: `${U}/classes/{class_id}/students/{student_id}`, operationId: "getStudent", summary: "One student", params: stu, responses: { 200: { description: "Student", schema: StudentSchema }, 404: notFound } }),
      r({ method: "patch", path: `${U}/classes/{class_id}/students/{student_id}`, operationId: "updateStudent", summary: "Change a student", params: stu, body: { schema: StudentUpdateRequestSchema }, responses: { 200: { description: "Student", schema: StudentSchema }, 404: notFound } }),
      r({ method: "delete", path: `${U}/classes/{class_id}/students/{student_id}`, operationId: "deleteStudent", summary: "Remove a student", params: stu, responses: { 204: { description: "Removed" }, 404: notFound } }),
      r({ method: "get", path: `${U}/batches/{batch_id}/student-associations`, operationId: "getStudentAssociations", summary: "A REGULAR batch's author suggestions with confidence", params: bat, responses: { 200: { description: "Associations", schema: StudentAssociationsSchema }, 404: notFound } }),
      r({
        method: "post", path: `${U}/batches/{batch_id}/student-associations/confirm`, operationId: "confirmStudentAssociations", summary: "Confirm the suggestions (with corrections); the batch then becomes ready",
        params: bat, body: { schema: ConfirmAssociationsRequestSchema },
        responses: { 200: { description: "Confirmed", schema: StudentAssociationsSchema }, 400: error("VALIDATION_ERROR: unknown essay or a student not on the roster"), 404: notFound, 409: error("CONFLICT: awaiting content, or already confirmed") },
      }),
      r({
        method: "get", path: `${U}/batches/{batch_id}/roster-names`, operationId: "getRosterNames",
        summary: "First and last names on the batch's class roster, for the spellchecker (never corrected as misspellings)",
        params: bat,
        responses: { 200: { description: "The names; empty for a batch without a class, an unknown batch or another teacher's batch (never 404, so nothing about other teachers' batches shows)", schema: RosterNamesSchema } },
      }),
    ],
  });
}
