import { accountComponents, accountRouteDocs } from "@shared/contracts/account-openapi.ts";
import type { RouteDoc } from "@shared/http/openapi.ts";
import type * as v from "valibot";

/** Components of the account-lifecycle and class routes, merged into the gateway document. */
export const accountsAndClassesComponents: Record<string, v.GenericSchema> = { ...accountComponents };

/** The gateway relays identity's account routes as they are. */
export const accountsAndClassesRouteDocs: RouteDoc[] = [...accountRouteDocs];
