import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import { withCredentials } from '@fpn/database';
import { TEMPLATE_DATABASE, testInfrastructure } from './test-infrastructure';
import { withPgClient } from './wait';

export interface TestDatabase {
  name: string;
  /** As the application role (DATABASE_URL). */
  appUrl: string;
  /** As the owning role (DATABASE_MIGRATION_URL). */
  ownerUrl: string;
  drop(): Promise<void>;
}

const asAdmin = <T>(run: (client: Client) => Promise<T>) =>
  withPgClient(testInfrastructure().adminUrl, run);

/** A database of its own for one test file, copied from the migrated template in milliseconds. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, roles } = testInfrastructure();
  const name = `fpn_t_${randomBytes(6).toString('hex')}`;
  await asAdmin((client) =>
    client.query(
      `CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}" OWNER "${roles.owner.name}"`,
    ),
  );
  return {
    name,
    appUrl: withCredentials(adminUrl, roles.app.name, roles.app.password, name),
    ownerUrl: withCredentials(adminUrl, roles.owner.name, roles.owner.password, name),
    drop: () =>
      asAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
