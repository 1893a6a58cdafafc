// Imports every topic family so the registry is complete (stream bootstrap, docs).
// A new family file under events/ is picked up here by the glob import below.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { registeredTopics, type Topic } from "./topics.ts";

/** Load every `events/*.ts` module and return all declared topics. */
export async function loadAllTopics(): Promise<Topic[]> {
  const dir = join(import.meta.dir, "events");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).sort()) {
    await import(join(dir, file));
  }
  return registeredTopics();
}
