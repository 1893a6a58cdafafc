import type { RouteDoc } from "@shared/http/openapi.ts";
import { ErrorDetailSchema } from "@shared/contracts/errors.ts";
import { BatchErasureAcceptedSchema } from "../clients/bos-lifecycle-client.ts";

const error = (description: string) => ({ description, schema: ErrorDetailSchema });
const batchParam = { batch_id: "The batch id returned at registration" };

/** The batch lifecycle routes (batch-lifecycle-routes.ts), spliced into the gateway's document. */
export const batchLifecycleRouteDocs: RouteDoc[] = [
  {
    method: "delete", path: "/v1/batches/{batch_id}", operationId: "eraseBatch", tags: ["batches"], security: "bearer", params: batchParam,
    summary: "Erase the batch, its essays and every derived artefact in every service (GDPR art. 17). The socket receives batch_erasure_progress per service and a final batch_erased; from the 202 on, the batch's routes answer 404.",
    responses: {
      202: { description: "Erasure started", schema: BatchErasureAcceptedSchema },
      404: error("RESOURCE_NOT_FOUND: no such batch for this user"),
      409: error("CONFLICT (reason pipeline_running): a pipeline runs on the batch; wait for it to finish"),
      401: error("AUTHENTICATION_ERROR: missing, invalid or expired token"),
    },
  },
];
