// Container healthcheck: healthy when the service's /readyz answers 200 (Redis and database reachable).
// The port is the one the service reported in HULEEDU_PORT_FILE, so one image fits every service.
import { readFileSync } from "node:fs";

const portFile = process.env.HULEEDU_PORT_FILE ?? "/tmp/huleedu-http.port";
try {
  const port = Number(readFileSync(portFile, "utf8"));
  const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1); // not listening yet, or not ready
}
