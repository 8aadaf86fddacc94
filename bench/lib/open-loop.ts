/**
 * Open-loop load: sends are due by the clock, at a fixed rate, whether or not
 * earlier ones have been answered — so a slow server meets the same offered
 * load and its queueing shows up as latency, not as a lower send rate
 * (no coordinated omission).
 */

/** Offset (ms from the start of the step) at which send number `index` is due. */
export const dueAtMs = (index: number, ratePerSecond: number) => (index * 1000) / ratePerSecond;

/** How many sends a step of `durationMs` at `ratePerSecond` makes. */
export const sendsInStep = (ratePerSecond: number, durationMs: number) =>
  Math.max(1, Math.round((ratePerSecond * durationMs) / 1000));

/** The indexes of the sends due by `elapsedMs`, from `next` on (at most `total`). */
export function dueSends(
  next: number,
  elapsedMs: number,
  ratePerSecond: number,
  total: number,
): number[] {
  const due: number[] = [];
  for (let i = next; i < total && dueAtMs(i, ratePerSecond) <= elapsedMs; i++) due.push(i);
  return due;
}

/**
 * Runs `send(index)` for `total` sends at `ratePerSecond`, each at its due
 * time (a timer wakes every `tickMs` and starts all that are due, without
 * waiting for answers). Resolves when the last send has been *started*, with
 * the largest delay between a send's due time and its start.
 */
export async function runOpenLoop(
  total: number,
  ratePerSecond: number,
  send: (index: number, dueAt: number) => void,
  tickMs = 2,
): Promise<{ startedAt: number; maxLagMs: number }> {
  const startedAt = performance.now();
  let next = 0;
  let maxLagMs = 0;
  while (next < total) {
    const elapsed = performance.now() - startedAt;
    for (const index of dueSends(next, elapsed, ratePerSecond, total)) {
      const dueAt = startedAt + dueAtMs(index, ratePerSecond);
      maxLagMs = Math.max(maxLagMs, performance.now() - dueAt);
      send(index, dueAt);
      next = index + 1;
    }
    if (next < total) {
      const wait = Math.max(0, startedAt + dueAtMs(next, ratePerSecond) - performance.now());
      await new Promise((resolve) => setTimeout(resolve, Math.max(tickMs, Math.min(wait, 50))));
    }
  }
  return { startedAt, maxLagMs };
}
