import { GrantRoleRequestSchema } from "@shared/contracts/account.ts";
import { ErrorDetailSchema } from "@shared/contracts/errors.ts";
import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import { accountComponents, accountRouteDocs, internalAccountRouteDocs } from "@shared/contracts/account-openapi.ts";
import { JwksSchema, LoginRequestSchema, RefreshRequestSchema, RegisterRequestSchema, TokenResponseSchema, UserSchema } from "./schemas.ts";

const error = (description: string) => ({ description, schema: ErrorDetailSchema });
const rateLimited = error("RATE_LIMIT: too many attempts; see the Retry-After header");

export function openApiDocument() {
  return buildOpenApiDocument({
    title: "HuleEdu Identity Service",
    version: "1.0.0",
    description:
      "Users, password sign-in and JWT issuance. Access tokens are ES256 JWTs (sub = user id, org_id when the user has an organisation) verifiable with /.well-known/jwks.json; refresh tokens are opaque and single use.",
    components: {
      RegisterRequest: RegisterRequestSchema, LoginRequest: LoginRequestSchema, RefreshRequest: RefreshRequestSchema,
      User: UserSchema, TokenResponse: TokenResponseSchema, JWKS: JwksSchema, GrantRoleRequest: GrantRoleRequestSchema, ...accountComponents,
    },
    routes: [
      {
        method: "post", path: "/v1/auth/register", operationId: "register", summary: "Create a user account", tags: ["auth"],
        body: { schema: RegisterRequestSchema },
        responses: { 201: { description: "Registered; a verification mail follows (a taken address gets the same answer, and its owner a mail)", schema: UserSchema }, 429: rateLimited },
      },
      {
        method: "post", path: "/v1/auth/login", operationId: "login", summary: "Sign in with e-mail and password", tags: ["auth"],
        body: { schema: LoginRequestSchema },
        responses: { 200: { description: "Tokens", schema: TokenResponseSchema }, 401: error("AUTHENTICATION_ERROR: invalid e-mail or password (one message for both)"), 429: rateLimited },
      },
      {
        method: "post", path: "/v1/auth/refresh", operationId: "refresh", summary: "Exchange a refresh token for new tokens (the old one is spent)", tags: ["auth"],
        body: { schema: RefreshRequestSchema },
        responses: { 200: { description: "New tokens", schema: TokenResponseSchema }, 401: error("AUTHENTICATION_ERROR: invalid, expired or reused refresh token") },
      },
      {
        method: "get", path: "/v1/auth/me", operationId: "me", summary: "The signed-in user", tags: ["auth"], security: "bearer",
        responses: { 200: { description: "The user", schema: UserSchema } },
      },
      {
        method: "get", path: "/.well-known/jwks.json", operationId: "jwks", summary: "Public keys that verify access tokens", tags: ["auth"],
        responses: { 200: { description: "JSON Web Key Set", schema: JwksSchema } },
      },
      ...accountRouteDocs,
      ...internalAccountRouteDocs,
    ],
  });
}
