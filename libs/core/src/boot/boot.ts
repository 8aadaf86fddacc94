/**
 * Runs a process's start-up and turns any failure into one line on stderr and
 * a non-zero exit, after undoing what had started. Messages name the setting
 * at fault, never a secret.
 */
export async function bootOrExit(
  name: string,
  start: (cleanups: (() => Promise<unknown>)[]) => Promise<void>,
): Promise<void> {
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    await start(cleanups);
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    process.stderr.write(`${name}: ${describeStartupError(error)}\n`);
    process.exit(1);
  }
}

export function describeStartupError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    const { address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
    return `port ${port ?? ''} on ${address ?? 'this host'} is already in use (set PORT to another port)`;
  }
  return error.message.split('\n')[0];
}
