import { expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnRedisServer } from "./redis-server.ts";

test("a port already held by another redis-server is refused, not mistaken for the new one", async () => {
  const dirA = mkdtempSync(join(tmpdir(), "huleedu-redis-a-"));
  const dirB = mkdtempSync(join(tmpdir(), "huleedu-redis-b-"));
  const first = await spawnRedisServer({ dir: dirA, appendOnly: false });
  try {
    await expect(spawnRedisServer({ port: first.port, dir: dirB, appendOnly: false })).rejects.toThrow(/port/);
  } finally {
    await first.stop();
    rmSync(dirA, { recursive: true, force: true });
    rmSync(dirB, { recursive: true, force: true });
  }
});

test("without a port, two servers get two different free ports", async () => {
  const dir = mkdtempSync(join(tmpdir(), "huleedu-redis-"));
  const [a, b] = await Promise.all([spawnRedisServer({ dir: join(dir), appendOnly: false }), spawnRedisServer({ dir, appendOnly: false })]);
  try {
    expect(a.port).not.toBe(b.port);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
});
