// A progress bar on stderr: redrawn in place on a terminal, one line per change otherwise (logs, CI).

export interface ProgressBar {
  /** Show `done` of `total` steps with a short status. */
  update(done: number, status: string): void;
  /** A line above the bar (the bar is redrawn below it). */
  log(line: string): void;
  finish(): void;
}

/** The bar's text: `[#####.....] 5/10  50%  12.3 s  status`. Pure. */
export function renderProgress(done: number, total: number, elapsedMs: number, status: string, width = 24): string {
  const share = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(share * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${String(Math.round(share * 100)).padStart(3)}%  ${(elapsedMs / 1000).toFixed(0)} s  ${status}`;
}

export function createProgressBar(total: number, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const started = performance.now();
  const tty = stream.isTTY === true;
  let last = "";
  let lastLine = "";
  const draw = (line: string) => {
    if (tty) stream.write(`\r\x1b[2K${line}`);
    else if (line !== lastLine) stream.write(`${line}\n`);
    lastLine = line;
  };
  return {
    update(done, status) {
      last = renderProgress(done, total, performance.now() - started, status);
      // Off a terminal only status changes are worth a line; the clock alone is not.
      if (!tty && lastLine.replace(/\d+ s {2}/, "") === last.replace(/\d+ s {2}/, "")) return;
      draw(last);
    },
    log(line) {
      if (tty) stream.write(`\r\x1b[2K${line}\n`);
      else stream.write(`${line}\n`);
      if (tty && last) draw(last);
    },
    finish() {
      if (tty) stream.write("\n");
    },
  };
}
