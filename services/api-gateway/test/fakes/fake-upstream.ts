import { Hono } from "hono";

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string with its "?", or "" when there is none. */
  query: string;
  headers: Record<string, string>;
}

export interface FakeUpstream {
  url: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

/**
 * A local HTTP server standing in for another service's internal API. Like the real ones it
 * refuses calls without the internal key, and it records every call for assertions.
 */
export function startFakeUpstream(app: Hono, options: { internalApiKey: string; keyPrefix?: string }): FakeUpstream {
  const requests: RecordedRequest[] = [];
  const outer = new Hono();
  outer.use("*", async (c, next) => {
    requests.push({ method: c.req.method, path: c.req.path, query: new URL(c.req.url).search, headers: c.req.header() });
    if (c.req.path.startsWith(options.keyPrefix ?? "/") && c.req.header("X-Internal-API-Key") !== options.internalApiKey) {
      return c.json({ error_code: "AUTHENTICATION_ERROR", message: "Missing or invalid X-Internal-API-Key header" }, 401);
    }
    await next();
  });
  outer.route("/", app);
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: outer.fetch });
  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    stop: () => server.stop(true),
  };
}
