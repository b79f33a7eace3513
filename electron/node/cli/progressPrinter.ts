/** A one-line progress display on a terminal (count, rate, ETA); silent when not a TTY except for the end. */
export function createProgressPrinter(stream: NodeJS.WritableStream, label: string): { update(done: number, total: number): void; done(): void } {
  const started = Date.now();
  const tty = (stream as { isTTY?: boolean }).isTTY === true;
  let last = 0;
  let lastLine = '';
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 200 && done < total) return;
      last = now;
      const seconds = (now - started) / 1000;
      const rate = done / Math.max(seconds, 1e-3);
      const eta = rate > 0 ? (total - done) / rate : 0;
      lastLine = `${label} ${done}/${total} (${Math.round((done / total) * 100)}%), ${rate.toFixed(0)}/s, ETA ${eta.toFixed(0)} s`;
      if (tty) stream.write(`\r${lastLine}\x1b[K`);
    },
    done() {
      if (tty) stream.write('\n');
      else if (lastLine) stream.write(`${lastLine}\n`);
    },
  };
}
