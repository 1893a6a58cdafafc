import { expect, test } from "bun:test";
import { createProgressBar } from "./progress-bar.ts";

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream };
}

test("on a terminal the bar is redrawn in place and log lines go above it", () => {
  const { writes, stream } = fakeStream(true);
  const bar = createProgressBar(4, stream);
  bar.update(1, "uploading");
  bar.log("batch 1 done");
  bar.finish();
  expect(writes[0]).toMatch(/^\r\x1b\[2K\[######\.+\] 1\/4 {2}25%.*uploading$/);
  expect(writes[1]).toBe("\r\x1b[2Kbatch 1 done\n");
  expect(writes[2]).toBe(writes[0] as string); // redrawn below the log line
  expect(writes.at(-1)).toBe("\n");
});

test("off a terminal: one line per change, none for the same status again", () => {
  const { writes, stream } = fakeStream(false);
  const bar = createProgressBar(2, stream);
  bar.update(1, "ready");
  bar.update(1, "ready");
  bar.update(2, "done");
  bar.finish();
  expect(writes.length).toBe(2);
  expect(writes.every((w) => w.endsWith("\n") && !w.includes("\r"))).toBe(true);
});
