import { afterEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import { tempDir } from "../testing/temp-dir.ts";
import { serveHttp } from "./serve.ts";

const previous = process.env.HULEEDU_PORT_FILE;
afterEach(() => {
  if (previous === undefined) delete process.env.HULEEDU_PORT_FILE;
  else process.env.HULEEDU_PORT_FILE = previous;
});

test("with HULEEDU_PORT_FILE set, a server on port 0 writes the port it bound (the launcher reads it)", async () => {
  const dir = tempDir("huleedu-port-file-");
  const file = join(dir.path, "svc.port");
  process.env.HULEEDU_PORT_FILE = file;
  const http = serveHttp(new Hono<{ Variables: object }>(), { port: 0 });
  try {
    expect(Number(readFileSync(file, "utf8"))).toBe(http.port);
    expect(http.port).toBeGreaterThan(0);
  } finally {
    await http.stop();
    dir.remove();
  }
});
