// ./huleedu start [--single] — Redis (unless REDIS_URL is set) and every service, prefixed logs;
// Ctrl-C stops all. --single runs every service in this one process (a laptop, a small school).
import { startStack } from "./stack/launcher.ts";

const single = process.argv.includes("--single");
const stack = await startStack({ showLogs: true, single });
console.log(`\n[huleedu] up${single ? " in one process" : ""}: ${stack.started.join(", ")}`);
for (const [name, url] of Object.entries(stack.urls)) console.log(`[huleedu]   ${name.padEnd(20)} ${url}/healthz`);
if (stack.urls["api-gateway"]) console.log(`\n[huleedu] teacher web app: ${stack.urls["api-gateway"]}/   (API reference: ${stack.urls["api-gateway"]}/docs)`);
if (stack.mailDir) console.log(`[huleedu] mails go to a local SMTP sink: read them in ${stack.mailDir} (index.jsonl + .eml files)`);
console.log("[huleedu] Ctrl-C stops everything.\n");
let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log("\n[huleedu] stopping…");
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
