import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/**
 * The SQL `migration:generate` would write for this database: empty when the
 * entities and the migrations agree.
 */
export async function pendingSchemaChanges(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions({ url, poolSize: 1 }));
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((query) => query.query);
  } finally {
    await dataSource.destroy();
  }
}
