import type { AppEnv } from "@shared/http/app.ts";
import type { AuthenticatedUser } from "../auth/access-token-verifier.ts";

/** Hono env of the gateway: the correlation id plus the caller, set by `authenticate()`. */
export type GatewayEnv = AppEnv<{ user: AuthenticatedUser }>;
