import { defineTopic } from "../topics.ts";
import { BCSPipelineDefinitionRequestSchema } from "../bcs.ts";

/**
 * Pipeline resolution requests as BCS received them. BCS answers them over HTTP; the stream's DLQ
 * (`huleedu.bcs.pipeline.resolution.v1.DLQ`) keeps the requests it could not resolve, with the reason.
 */
export const PipelineResolutionRequestTopic = defineTopic("huleedu.bcs.pipeline.resolution.v1", BCSPipelineDefinitionRequestSchema);
