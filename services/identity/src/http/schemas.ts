import * as v from "valibot";

export {
  LoginRequestSchema, PASSWORD_MIN_LENGTH, RefreshRequestSchema, RegisterRequestSchema, TokenResponseSchema, UserSchema,
} from "@shared/contracts/auth.ts";

export const JwksSchema = v.pipe(v.object({ keys: v.array(v.record(v.string(), v.unknown())) }), v.title("JWKS"));
