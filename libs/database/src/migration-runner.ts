import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Any fixed number: replicas that start together take turns on this advisory lock. */
const MIGRATION_LOCK_KEY = 4_171_202_611;

/**
 * Applies pending migrations as the owning role and returns their names.
 * The data source has a single connection, so the advisory lock is held by the
 * same session that runs the migrations.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({
    ...dataSourceOptions({ url, poolSize: 1, applicationName: 'fpn-migrations' }),
  });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await dataSource.destroy();
  }
}
