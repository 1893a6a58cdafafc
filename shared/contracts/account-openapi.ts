import {
  AcceptedSchema, ChangePasswordRequestSchema, EmailOnlyRequestSchema, GrantRoleRequestSchema, PasswordChangedSchema, ProfileSchema,
  ProfileUpdateSchema, ResetPasswordRequestSchema, SessionListSchema, SessionSchema, VerifyEmailRequestSchema,
} from "./account.ts";
import { ErrorDetailSchema } from "./errors.ts";
import type { RouteDoc } from "../http/openapi.ts";

const error = (description: string) => ({ description, schema: ErrorDetailSchema });
const rateLimited = error("RATE_LIMIT: too many mails for this address from this client; see Retry-After");
const unauthenticated = error("AUTHENTICATION_ERROR: missing, invalid or expired access token");
const tokenInvalid = error("VALIDATION_ERROR (details.reason token_invalid): the link or code is invalid, expired, superseded or used");

/** Named schemas of the account-lifecycle routes (identity and the gateway document them alike). */
export const accountComponents = {
  EmailOnlyRequest: EmailOnlyRequestSchema, VerifyEmailRequest: VerifyEmailRequestSchema, ResetPasswordRequest: ResetPasswordRequestSchema,
  ChangePasswordRequest: ChangePasswordRequestSchema, ProfileUpdate: ProfileUpdateSchema, Profile: ProfileSchema, Accepted: AcceptedSchema,
  PasswordChanged: PasswordChangedSchema, Session: SessionSchema, SessionList: SessionListSchema,
};

/** The account-lifecycle routes under /v1/auth (public; relayed by the gateway). */
export const accountRouteDocs: RouteDoc[] = [
  {
    method: "post", path: "/v1/auth/email/verify", operationId: "verifyEmail", tags: ["account"], summary: "Confirm the e-mail address with the mailed single-use token",
    body: { schema: VerifyEmailRequestSchema }, responses: { 200: { description: "Verified; a welcome mail follows", schema: ProfileSchema }, 400: tokenInvalid },
  },
  {
    method: "post", path: "/v1/auth/email/verify/resend", operationId: "resendVerification", tags: ["account"], summary: "Mail a new verification token (earlier ones stop working); the same 202 for any address",
    body: { schema: EmailOnlyRequestSchema }, responses: { 202: { description: "Accepted", schema: AcceptedSchema }, 429: rateLimited },
  },
  {
    method: "post", path: "/v1/auth/password/forgot", operationId: "forgotPassword", tags: ["account"], summary: "Mail a password-reset token; the same 202 for any address",
    body: { schema: EmailOnlyRequestSchema }, responses: { 202: { description: "Accepted", schema: AcceptedSchema }, 429: rateLimited },
  },
  {
    method: "post", path: "/v1/auth/password/reset", operationId: "resetPassword", tags: ["account"], summary: "Set a new password with the mailed token; every session and refresh token is revoked",
    body: { schema: ResetPasswordRequestSchema }, responses: { 200: { description: "Changed", schema: PasswordChangedSchema }, 400: tokenInvalid },
  },
  {
    method: "post", path: "/v1/auth/password/change", operationId: "changePassword", tags: ["account"], security: "bearer", summary: "Change the password; the other sessions are revoked",
    body: { schema: ChangePasswordRequestSchema }, responses: { 200: { description: "Changed", schema: PasswordChangedSchema }, 401: unauthenticated },
  },
  {
    method: "post", path: "/v1/auth/logout", operationId: "logout", tags: ["account"], security: "bearer", summary: "Sign this session out (its refresh tokens stop working; the access token lapses on expiry)",
    responses: { 204: { description: "Signed out" }, 401: unauthenticated },
  },
  {
    method: "post", path: "/v1/auth/logout-all", operationId: "logoutEverywhere", tags: ["account"], security: "bearer", summary: "Sign every session of the account out",
    responses: { 204: { description: "Signed out everywhere" }, 401: unauthenticated },
  },
  {
    method: "get", path: "/v1/auth/sessions", operationId: "listSessions", tags: ["account"], security: "bearer", summary: "The account's active sessions, most recently used first",
    responses: { 200: { description: "Sessions", schema: SessionListSchema }, 401: unauthenticated },
  },
  {
    method: "delete", path: "/v1/auth/sessions/{session_id}", operationId: "revokeSession", tags: ["account"], security: "bearer", summary: "Sign one of the account's sessions out",
    params: { session_id: "Session id from the list" }, responses: { 204: { description: "Revoked" }, 401: unauthenticated, 404: error("RESOURCE_NOT_FOUND") },
  },
  {
    method: "get", path: "/v1/auth/profile", operationId: "getProfile", tags: ["account"], security: "bearer", summary: "Name, preferred language, verification state and roles",
    responses: { 200: { description: "Profile", schema: ProfileSchema }, 401: unauthenticated },
  },
  {
    method: "patch", path: "/v1/auth/profile", operationId: "updateProfile", tags: ["account"], security: "bearer", summary: "Change the name, the preferred language (used for mails) or whether a mail follows each finished pipeline run",
    body: { schema: ProfileUpdateSchema }, responses: { 200: { description: "Profile", schema: ProfileSchema }, 400: error("VALIDATION_ERROR"), 401: unauthenticated },
  },
];

/** Identity-only: operators grant roles (`./huleedu admin grant-role EMAIL`). */
export const internalAccountRouteDocs: RouteDoc[] = [
  {
    method: "post", path: "/internal/v1/users/roles", operationId: "grantRole", tags: ["account"], security: "internal", summary: "Grant a role (admin) to the user with this e-mail; effective from the next token",
    body: { schema: GrantRoleRequestSchema }, responses: { 200: { description: "Profile with roles", schema: ProfileSchema }, 404: error("RESOURCE_NOT_FOUND: no such user") },
  },
];
