// ./huleedu start — Redis (unless REDIS_URL is set) and every service, prefixed logs; Ctrl-C stops all.
import { startStack } from "./stack/launcher.ts";

const stack = await startStack({ showLogs: true });
console.log(`\n[huleedu] up: ${stack.started.join(", ")}`);
for (const [name, url] of Object.entries(stack.urls)) console.log(`[huleedu]   ${name.padEnd(20)} ${url}/healthz`);
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
