import type { HealthIndicatorService } from '@nestjs/terminus';

/**
 * Runs one readiness probe with a time limit: `up` with what it returns, or
 * `down` with the reason (never a secret: probes report hosts and counts only).
 */
export async function probe(
  health: HealthIndicatorService,
  key: string,
  timeoutMs: number,
  check: () => Promise<Record<string, unknown> | void>,
) {
  const session = health.check(key);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const data = (await Promise.race([check(), timeout])) ?? {};
    return session.up(data);
  } catch (error) {
    return session.down({ message: (error as Error).message });
  } finally {
    clearTimeout(timer);
  }
}
