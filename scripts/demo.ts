// ./huleedu demo — the main job: start the whole stack on a local Redis and run a demo batch.
import { join, resolve } from "node:path";
import { startStack } from "./stack/launcher.ts";
import { platformDemo } from "./demo/platform-demo.ts";
import { teacherDemo } from "./demo/teacher-demo.ts";

const say = (line: string) => console.log(`\x1b[1m[demo]\x1b[0m ${line}`);
const logFile = join(resolve(import.meta.dir, ".."), process.env.HULEEDU_DATA_DIR ?? ".data", "demo-services.log");
say("starting Redis and the services (their logs go to " + logFile + ")");
const stack = await startStack({ showLogs: process.env.HULEEDU_DEMO_LOGS === "1", logFile, single: process.argv.includes("--single") });
say(`services up: ${stack.started.join(", ")}`);
if (stack.mailDir) say(`mails go to the local SMTP sink: ${stack.mailDir}`);
// The web app is usable while the demo runs: say where, now, not only when it is over.
if (stack.urls["api-gateway"]) say(`Open ${stack.urls["api-gateway"]}/ in a browser to watch the demo batches in the teacher web app (until the demo stops)`);
let failed = false;
try {
  await platformDemo(stack, say);
  if (stack.started.includes("api-gateway")) await teacherDemo(stack, say);
} catch (err) {
  failed = true;
  say(`demo failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
} finally {
  if (stack.urls["api-gateway"]) say(`the teacher web app was served at ${stack.urls["api-gateway"]}/ — run ./huleedu start to keep it up and use it`);
  say("stopping the stack");
  await stack.stop();
}
process.exit(failed ? 1 : 0);
