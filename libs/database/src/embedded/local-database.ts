import { provisionDatabase, withCredentials, type DatabaseRoles } from './provision';
import { startEmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded-postgres-server';

export const OWNER_ROLE = 'fpn_owner';
export const APP_ROLE = 'fpn_app';

export interface LocalDatabase {
  adminUrl: string;
  /** For migrations (DATABASE_MIGRATION_URL). */
  ownerUrl: string;
  /** For the api and the worker (DATABASE_URL). */
  appUrl: string;
  roles: DatabaseRoles;
  stop(): Promise<void>;
}

/** An embedded cluster with the owner and app roles and one database, ready to migrate. */
export async function startLocalDatabase(
  options: EmbeddedPostgresOptions & { database: string },
): Promise<LocalDatabase> {
  const server = await startEmbeddedPostgres(options);
  const roles: DatabaseRoles = {
    owner: { name: OWNER_ROLE, password: server.credentials.ownerPassword },
    app: { name: APP_ROLE, password: server.credentials.appPassword },
  };
  try {
    await provisionDatabase(server.adminUrl, options.database, roles);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    adminUrl: server.adminUrl,
    ownerUrl: withCredentials(server.adminUrl, OWNER_ROLE, roles.owner.password, options.database),
    appUrl: withCredentials(server.adminUrl, APP_ROLE, roles.app.password, options.database),
    roles,
    stop: () => server.stop(),
  };
}
