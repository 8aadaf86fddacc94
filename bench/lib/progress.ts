const started = performance.now();

/** One line of progress on stderr, with the seconds since the benchmark started. */
export function progress(line: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${seconds} s] ${line}\n`);
}

/** Milliseconds elapsed since `from` (a performance.now() reading). */
export const since = (from: number) => performance.now() - from;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
