import { Client } from 'pg';

/** Fails with one line naming DATABASE_URL's host (never its password) when PostgreSQL does not answer. */
export async function assertDatabaseReachable(
  url: string,
  variable = 'DATABASE_URL',
  timeoutMs = 5_000,
) {
  const { hostname, port } = new URL(url);
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(
      `cannot reach PostgreSQL at ${hostname}:${port || 5432} (${variable}): ${reason}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
