// The gateway's upstreams are the kit's internal HTTP client.
export {
  createInternalClient as createUpstream, type InternalAnswer as UpstreamAnswer, type InternalRawAnswer as UpstreamRawAnswer, type InternalClient as Upstream,
  type InternalClientOptions as UpstreamOptions, type InternalRequest as UpstreamRequest,
} from "@shared/http/internal-client.ts";
