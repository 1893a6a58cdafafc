import { existsSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import type { Context, Hono } from "hono";
import type { GatewayEnv } from "./gateway-env.ts";

const SCALAR_BUNDLE = new URL("../../../../node_modules/@scalar/api-reference/dist/browser/standalone.js", import.meta.url).pathname;
// Paths the SPA never answers: the API, internal routes and the service endpoints keep their JSON 404s.
const NOT_SPA = /^\/(v1|internal|docs|healthz|readyz|metrics|openapi\.json)(\/|$)/;

const APP_SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
};

const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>HuleEdu API reference</title></head>
<body><script id="api-reference" data-url="/openapi.json"></script>
<script src="/docs/standalone.js"></script></body></html>`;

function serveFile(c: Context<GatewayEnv>, file: string, cache: string): Response {
  for (const [name, value] of Object.entries(APP_SECURITY_HEADERS)) c.header(name, value);
  c.header("Cache-Control", cache);
  const body = Bun.file(file);
  c.header("Content-Type", body.type);
  return c.body(body.stream());
}

/**
 * The teacher web app from `webDir` (built at start-up) at `/`, with the SPA's index for any other
 * page path, and the interactive API reference at `/docs` (Scalar's bundle from node_modules, offline).
 * Register after every API route.
 */
export function registerWebRoutes(app: Hono<GatewayEnv>, deps: { webDir: string | undefined }): void {
  const { webDir } = deps;
  app.get("/docs", (c) => c.html(DOCS_HTML));
  app.get("/docs/standalone.js", (c) => {
    c.header("Cache-Control", "public, max-age=3600");
    c.header("Content-Type", "text/javascript; charset=utf-8");
    return c.body(Bun.file(SCALAR_BUNDLE).stream());
  });
  app.get("*", (c) => {
    const path = c.req.path;
    if (!webDir || NOT_SPA.test(path)) return c.notFound();
    const file = normalize(join(webDir, decodeURIComponent(path)));
    if (!file.startsWith(webDir + sep)) return c.notFound();
    if (path.startsWith("/assets/")) {
      if (!existsSync(file) || !statSync(file).isFile()) return c.notFound();
      return serveFile(c, file, "public, max-age=31536000, immutable");
    }
    // A page path (no extension) gets the SPA; a missing file with an extension is a 404.
    if (extname(path) && !(existsSync(file) && statSync(file).isFile())) return c.notFound();
    return serveFile(c, extname(path) ? file : join(webDir, "index.html"), "no-cache");
  });
}
