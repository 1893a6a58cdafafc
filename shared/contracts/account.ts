// Identity's account-lifecycle bodies (verification, reset, sessions, profile, roles): identity
// validates them, the gateway relays and documents them.
import * as v from "valibot";
import { PASSWORD_MIN_LENGTH } from "./auth.ts";

const Email = v.pipe(v.string("email must be a string"), v.trim(), v.toLowerCase(), v.maxLength(254), v.email("email must be a valid e-mail address"));
const NewPassword = v.pipe(
  v.string("password must be a string"),
  v.minLength(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`),
  v.maxLength(256, "password is longer than 256 characters"),
);
const MailedToken = v.pipe(v.string("token must be a string"), v.trim(), v.minLength(10, "token is too short"), v.maxLength(200));
export const ProfileLanguageSchema = v.picklist(["sv", "en"], "preferred_language must be sv or en");

export const EmailOnlyRequestSchema = v.pipe(v.strictObject({ email: Email }), v.title("EmailOnlyRequest"));
export const VerifyEmailRequestSchema = v.pipe(v.strictObject({ token: MailedToken }), v.title("VerifyEmailRequest"));
export const ResetPasswordRequestSchema = v.pipe(v.strictObject({ token: MailedToken, password: NewPassword }), v.title("ResetPasswordRequest"));
export const ChangePasswordRequestSchema = v.pipe(
  v.strictObject({ current_password: v.pipe(v.string(), v.minLength(1), v.maxLength(256)), new_password: NewPassword }),
  v.title("ChangePasswordRequest"),
);
export const ProfileUpdateSchema = v.pipe(
  v.strictObject({
    name: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.minLength(1, "name must not be empty"), v.maxLength(200)))),
    preferred_language: v.optional(ProfileLanguageSchema),
    notify_results_by_email: v.optional(v.boolean("notify_results_by_email must be true or false")),
  }),
  v.title("ProfileUpdate"),
);
export const ProfileSchema = v.pipe(
  v.object({
    user_id: v.string(), email: v.string(), org_id: v.nullable(v.string()), name: v.nullable(v.string()),
    preferred_language: ProfileLanguageSchema, email_verified: v.boolean(),
    /** A mail when a pipeline run of one's batch ends (only to a verified address). */
    notify_results_by_email: v.boolean(), roles: v.array(v.string()), created_at: v.string(),
  }),
  v.title("Profile"),
);
export const AcceptedSchema = v.pipe(v.object({ status: v.literal("accepted"), message: v.string() }), v.title("Accepted"));
export const PasswordChangedSchema = v.pipe(v.object({ status: v.literal("password_changed"), sessions_revoked: v.number() }), v.title("PasswordChanged"));
export const SessionSchema = v.pipe(
  v.object({ session_id: v.string(), created_at: v.string(), last_used_at: v.string(), user_agent: v.nullable(v.string()), current: v.boolean() }),
  v.title("Session"),
);
export const SessionListSchema = v.pipe(v.object({ sessions: v.array(SessionSchema) }), v.title("SessionList"));
export const GrantRoleRequestSchema = v.pipe(v.strictObject({ email: Email, role: v.picklist(["admin"], "role must be admin") }), v.title("GrantRoleRequest"));
