import { performance } from 'node:perf_hooks';
import type { TransferProgress } from '@fpn/client';

const MB = 1_000_000;

/** Where progress goes: stderr, and whether it is a terminal (a live line) or not (a line per 10 %). */
export interface ProgressOutput {
  write(text: string): void;
  isTTY: boolean;
}

const stderr: ProgressOutput = {
  write: (text) => process.stderr.write(text),
  get isTTY() {
    return Boolean(process.stderr.isTTY);
  },
};

/**
 * Progress of uploads and downloads, always on stderr so stdout stays the
 * answer (and parseable with --json): at a terminal one line rewritten in
 * place (percent, MB, speed); otherwise a line at every 10 %.
 */
export function transferProgress(verb: 'Uploading' | 'Downloading', output = stderr) {
  const started = new Map<string, number>();
  const lastDecile = new Map<string, number>();
  let lastDraw = 0;
  let open = false;
  const line = (p: TransferProgress, percent: number) => {
    const seconds = (performance.now() - started.get(p.name)!) / 1000;
    const speed = seconds > 0 ? p.sentBytes / MB / seconds : 0;
    return `${verb} ${p.name}: ${percent}% ${(p.sentBytes / MB).toFixed(1)}/${(p.totalBytes / MB).toFixed(1)} MB ${speed.toFixed(1)} MB/s`;
  };
  const report = (p: TransferProgress) => {
    if (!started.has(p.name)) started.set(p.name, performance.now());
    const percent = p.totalBytes ? Math.floor((p.sentBytes / p.totalBytes) * 100) : 100;
    if (output.isTTY) {
      const now = performance.now();
      if (now - lastDraw < 100 && percent < 100) return;
      lastDraw = now;
      output.write(`\r${line(p, percent)}\u001b[K`);
      open = true;
      if (percent >= 100) {
        output.write('\n');
        open = false;
      }
      return;
    }
    const decile = Math.floor(percent / 10);
    if (decile <= (lastDecile.get(p.name) ?? -1)) return;
    lastDecile.set(p.name, decile);
    output.write(`${line(p, decile * 10)}\n`);
  };
  /** Ends a live line left open (a transfer that failed half-way). */
  const done = () => {
    if (open) output.write('\n');
    open = false;
  };
  return { report, done };
}
