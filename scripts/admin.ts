// ./huleedu admin grant-role EMAIL [--role admin] — an operator grants a role on the running identity
// service (IDENTITY_URL, default http://127.0.0.1:7005). The internal key comes from
// HULEEDU_INTERNAL_API_KEY or the launcher's .data/internal-api-key. The role is in the next token.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const [command, email, ...rest] = process.argv.slice(2);
const roleAt = rest.indexOf("--role");
const role = roleAt >= 0 ? rest[roleAt + 1] : "admin";
if (command !== "grant-role" || !email) {
  console.error("usage: ./huleedu admin grant-role EMAIL [--role admin]");
  process.exit(2);
}
const root = resolve(import.meta.dir, "..");
const keyFile = join(root, process.env.HULEEDU_DATA_DIR ?? ".data", "internal-api-key");
const key = process.env.HULEEDU_INTERNAL_API_KEY ?? (existsSync(keyFile) ? readFileSync(keyFile, "utf8").trim() : "dev-internal-key");
const identity = (process.env.IDENTITY_URL ?? "http://127.0.0.1:7005").replace(/\/$/, "");
let res: Response;
try {
  res = await fetch(`${identity}/internal/v1/users/roles`, {
    method: "POST", headers: { "Content-Type": "application/json", "X-Internal-API-Key": key }, body: JSON.stringify({ email, role }),
    signal: AbortSignal.timeout(10_000),
  });
} catch (err) {
  console.error(`identity is not reachable at ${identity} (is the stack running?): ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
const body = (await res.json().catch(() => ({}))) as { roles?: string[]; message?: string };
if (res.status !== 200) {
  console.error(`grant-role failed: HTTP ${res.status} ${body.message ?? ""}`);
  process.exit(1);
}
console.log(`${email} now has roles: ${(body.roles ?? []).join(", ")} (effective from the next sign-in or token refresh)`);
