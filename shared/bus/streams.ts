import type { Redis } from "./redis.ts";

/** XGROUP CREATE … MKSTREAM, ignoring "group already exists". */
export async function ensureGroup(redis: Redis, stream: string, group: string): Promise<void> {
  try {
    await redis.xgroup("CREATE", stream, group, "0", "MKSTREAM");
  } catch (err) {
    if (!(err instanceof Error) || !err.message.includes("BUSYGROUP")) throw err;
  }
}

export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

/** Turn a raw `[id, [k, v, k, v]]` list into entries; deleted entries (null fields) are kept empty. */
export function parseEntries(raw: unknown): StreamEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((item) => {
    const [id, flat] = item as [string, string[] | null];
    const fields: Record<string, string> = {};
    for (let i = 0; flat && i + 1 < flat.length; i += 2) fields[flat[i] as string] = flat[i + 1] as string;
    return { id, fields };
  });
}

/** How many times an entry has been delivered to the group (from the pending list). */
export async function deliveryCount(redis: Redis, stream: string, group: string, id: string): Promise<number> {
  const raw = (await redis.call("XPENDING", stream, group, id, id, 1)) as [string, string, number, number][];
  return raw[0]?.[3] ?? 1;
}

/** XREADGROUP's reply as `[stream, entries]` pairs (RESP2 nests them; a RESP3 map flattens them). */
export function parseReadReply(raw: unknown): [string, StreamEntry[]][] {
  if (!Array.isArray(raw)) return [];
  const pairs: [string, unknown][] =
    typeof raw[0] === "string" ? raw.flatMap((x, i) => (i % 2 === 0 ? [[x as string, raw[i + 1]] as [string, unknown]] : [])) : (raw as [string, unknown][]);
  return pairs.map(([stream, items]) => [stream, parseEntries(items)]);
}
