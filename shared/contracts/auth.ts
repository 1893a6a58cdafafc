// Identity's public bodies: identity validates them, the gateway relays and documents them.
import * as v from "valibot";

const EmailSchema = v.pipe(
  v.string("email must be a string"),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(254, "email is longer than 254 characters"),
  v.email("email must be a valid e-mail address"),
);

export const PASSWORD_MIN_LENGTH = 10;

export const RegisterRequestSchema = v.pipe(
  v.strictObject({
    email: EmailSchema,
    password: v.pipe(
      v.string("password must be a string"),
      v.minLength(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`),
      v.maxLength(256, "password is longer than 256 characters"),
    ),
    org_id: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, "org_id must not be empty"), v.maxLength(100))),
    name: v.optional(v.pipe(v.string("name must be a string"), v.trim(), v.minLength(1, "name must not be empty"), v.maxLength(200))),
    preferred_language: v.optional(v.picklist(["sv", "en"], "preferred_language must be sv or en")),
  }),
  v.title("RegisterRequest"),
);

export const LoginRequestSchema = v.pipe(
  v.strictObject({
    email: EmailSchema,
    password: v.pipe(v.string("password must be a string"), v.minLength(1, "password must not be empty"), v.maxLength(256, "password is longer than 256 characters")),
  }),
  v.title("LoginRequest"),
);

export const RefreshRequestSchema = v.pipe(
  v.strictObject({ refresh_token: v.pipe(v.string("refresh_token must be a string"), v.minLength(1), v.maxLength(512)) }),
  v.title("RefreshRequest"),
);

export const UserSchema = v.pipe(
  v.object({ user_id: v.string(), email: v.string(), org_id: v.nullable(v.string()), created_at: v.string() }),
  v.title("User"),
);

export const TokenResponseSchema = v.pipe(
  v.object({
    access_token: v.string(),
    token_type: v.literal("Bearer"),
    expires_in: v.number(),
    refresh_token: v.string(),
    refresh_expires_in: v.number(),
  }),
  v.title("TokenResponse"),
);

