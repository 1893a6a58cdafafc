import { accountComponents, accountRouteDocs } from "@shared/contracts/account-openapi.ts";
import {
  ClassCreateRequestSchema, ClassListSchema, ClassSchema, ClassUpdateRequestSchema, ConfirmAssociationsRequestSchema, StudentAssociationsSchema,
  StudentCreateRequestSchema, StudentListSchema, StudentSchema, StudentUpdateRequestSchema,
} from "@shared/contracts/classes.ts";
import { AdjustmentResultSchema, CreditAdjustmentRequestSchema, LedgerPageSchema, LedgerQuerySchema } from "@shared/contracts/credits-admin.ts";
import { ErrorDetailSchema } from "@shared/contracts/errors.ts";
import type { RouteDoc } from "@shared/http/openapi.ts";
import type * as v from "valibot";

const error = (description: string) => ({ description, schema: ErrorDetailSchema });
const notFound = error("RESOURCE_NOT_FOUND: no such class, student or batch for this teacher (another teacher's is reported the same way)");
const common = { 401: error("AUTHENTICATION_ERROR: missing, invalid or expired token"), 429: error("RATE_LIMIT: too many requests; see Retry-After"), 502: error("EXTERNAL_SERVICE_ERROR: class-management is unavailable") };
const cls = { class_id: "Class id" };
const stu = { ...cls, student_id: "Student id" };
const bat = { batch_id: "The batch id returned at registration" };
const r = (doc: Omit<RouteDoc, "security" | "tags">): RouteDoc => ({ ...doc, security: "bearer", tags: ["classes"], responses: { ...doc.responses, ...common } });

/** Components of the account-lifecycle and class routes, merged into the gateway document. */
export const accountsAndClassesComponents: Record<string, v.GenericSchema> = {
  ...accountComponents,
  ClassCreateRequest: ClassCreateRequestSchema, ClassUpdateRequest: ClassUpdateRequestSchema, Class: ClassSchema, ClassList: ClassListSchema,
  StudentCreateRequest: StudentCreateRequestSchema, StudentUpdateRequest: StudentUpdateRequestSchema, Student: StudentSchema, StudentList: StudentListSchema,
  StudentAssociations: StudentAssociationsSchema, ConfirmAssociationsRequest: ConfirmAssociationsRequestSchema,
  CreditAdjustmentRequest: CreditAdjustmentRequestSchema, AdjustmentResult: AdjustmentResultSchema, LedgerPage: LedgerPageSchema,
};

/** Identity's account routes (relayed as they are) and the class routes (relayed to class-management for the caller). */
export const accountsAndClassesRouteDocs: RouteDoc[] = [
  ...accountRouteDocs,
  r({ method: "post", path: "/v1/classes", operationId: "createClass", summary: "Create a class (name, course code)", body: { schema: ClassCreateRequestSchema }, responses: { 201: { description: "Created", schema: ClassSchema }, 400: error("VALIDATION_ERROR") } }),
  r({ method: "get", path: "/v1/classes", operationId: "listClasses", summary: "The caller's classes", responses: { 200: { description: "Classes", schema: ClassListSchema } } }),
  r({ method: "get", path: "/v1/classes/{class_id}", operationId: "getClass", summary: "One of the caller's classes", params: cls, responses: { 200: { description: "Class", schema: ClassSchema }, 404: notFound } }),
  r({ method: "patch", path: "/v1/classes/{class_id}", operationId: "updateClass", summary: "Rename or recode a class", params: cls, body: { schema: ClassUpdateRequestSchema }, responses: { 200: { description: "Class", schema: ClassSchema }, 400: error("VALIDATION_ERROR"), 404: notFound } }),
  r({ method: "delete", path: "/v1/classes/{class_id}", operationId: "deleteClass", summary: "Delete a class and its roster", params: cls, responses: { 204: { description: "Deleted" }, 404: notFound } }),
  r({ method: "post", path: "/v1/classes/{class_id}/students", operationId: "addStudent", summary: "Add a student (first/last name, optional e-mail)", params: cls, body: { schema: StudentCreateRequestSchema }, responses: { 201: { description: "Added", schema: StudentSchema }, 400: error("VALIDATION_ERROR"), 404: notFound } }),
  r({ method: "get", path: "/v1/classes/{class_id}/students", operationId: "listStudents", summary: "The class roster", params: cls, responses: { 200: { description: "Students", schema: StudentListSchema }, 404: notFound } }),
  r({ method: "get", path: "/v1/classes/{class_id}/students/{student_id}", operationId: "getStudent", summary: "One student", params: stu, responses: { 200: { description: "Student", schema: StudentSchema }, 404: notFound } }),
  r({ method: "patch", path: "/v1/classes/{class_id}/students/{student_id}", operationId: "updateStudent", summary: "Change a student", params: stu, body: { schema: StudentUpdateRequestSchema }, responses: { 200: { description: "Student", schema: StudentSchema }, 400: error("VALIDATION_ERROR"), 404: notFound } }),
  r({ method: "delete", path: "/v1/classes/{class_id}/students/{student_id}", operationId: "deleteStudent", summary: "Remove a student", params: stu, responses: { 204: { description: "Removed" }, 404: notFound } }),
  r({
    method: "get", path: "/v1/batches/{batch_id}/student-associations", operationId: "getStudentAssociations",
    summary: "A REGULAR batch's suggested essay authors (from the essay headers, matched to the class roster) with confidence", params: bat,
    responses: { 200: { description: "Associations", schema: StudentAssociationsSchema }, 404: notFound },
  }),
  r({
    method: "post", path: "/v1/batches/{batch_id}/student-associations/confirm", operationId: "confirmStudentAssociations",
    summary: "Confirm the suggestions, with corrections; the batch then becomes ready for pipelines", params: bat, body: { schema: ConfirmAssociationsRequestSchema },
    responses: { 200: { description: "Confirmed", schema: StudentAssociationsSchema }, 400: error("VALIDATION_ERROR: unknown essay, or a student not on the roster"), 404: notFound, 409: error("CONFLICT: awaiting content, or already confirmed") },
  }),
  {
    method: "get", path: "/v1/credits/ledger", operationId: "getCreditLedger", tags: ["credits"], security: "bearer", query: LedgerQuerySchema,
    summary: "Every change to the caller's paying account, newest first: consumption (with the teacher and batch) and admin adjustments (with the admin)",
    responses: { 200: { description: "One page", schema: LedgerPageSchema }, 400: error("VALIDATION_ERROR: limit 1-200, offset ≥ 0"), ...common },
  },
  {
    method: "post", path: "/v1/admin/credits/adjustments", operationId: "adjustCredits", tags: ["credits"], security: "bearer", body: { schema: CreditAdjustmentRequestSchema },
    summary: "Admins only (role granted with `./huleedu admin grant-role EMAIL`): top up or adjust a user's or an organisation's credits; recorded in the ledger with the admin",
    responses: { 201: { description: "The ledger entry and the new balance", schema: AdjustmentResultSchema }, 400: error("VALIDATION_ERROR"), 403: error("AUTHORIZATION_ERROR: not an admin"), ...common },
  },
];
