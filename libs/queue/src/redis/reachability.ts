import { Redis } from 'ioredis';

/** Fails with one line naming REDIS_URL's host (never its password) when Redis does not answer. */
export async function assertRedisReachable(url: string, timeoutMs = 5_000) {
  const { hostname, port } = new URL(url);
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  probe.on('error', (error: Error) => (lastError = error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const cause = lastError ?? (error as Error);
    const reason = (cause as NodeJS.ErrnoException).code ?? cause.message;
    throw new Error(`cannot reach Redis at ${hostname}:${port || 6379} (REDIS_URL): ${reason}`);
  } finally {
    probe.disconnect();
  }
}
