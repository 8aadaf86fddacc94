/** Polls the readiness endpoint until it answers 200, or gives up with the last reason. */
export async function waitUntilReady(url: string, timeoutMs: number, cancelled: () => boolean) {
  const deadline = performance.now() + timeoutMs;
  let reason = 'no answer';
  while (performance.now() < deadline && !cancelled()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      const body = (await response.json()) as { error?: Record<string, { message?: string }> };
      reason = Object.entries(body.error ?? {})
        .map(([key, value]) => `${key}: ${value.message ?? 'down'}`)
        .join('; ');
    } catch (error) {
      reason = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!cancelled()) throw new Error(`not ready after ${timeoutMs / 1000} s (${reason})`);
}
