import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { PREPARED_STATEMENT_DEFAULTS, preparingClient } from './prepared-statements';

/** The name of the table TypeORM records applied migrations in. */
export const MIGRATIONS_TABLE = 'schema_migrations';

export interface ConnectionSettings {
  url: string;
  poolSize?: number;
  connectTimeoutMs?: number;
  applicationName?: string;
  /** Prepare the statements a connection runs again and again (`preparingClient`); off by default. */
  preparedStatements?: boolean;
}

/** Options shared by the app's pool, the migration runner and the drift check. */
export function dataSourceOptions(settings: ConnectionSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    // gen_random_uuid() is built into PostgreSQL 13+; the app role may not create extensions.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: {
      max: settings.poolSize ?? 10,
      connectionTimeoutMillis: settings.connectTimeoutMs ?? 5_000,
      application_name: settings.applicationName ?? 'fpn',
      ...(settings.preparedStatements
        ? { Client: preparingClient(PREPARED_STATEMENT_DEFAULTS) }
        : {}),
    },
  };
}
