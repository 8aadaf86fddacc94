import { Client } from 'pg';

export interface DatabaseRoles {
  /** Owns the schema; migrations run as this role. */
  owner: { name: string; password: string };
  /** What the api and the worker connect as: no superuser, no DDL. */
  app: { name: string; password: string };
}

const identifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Creates (or updates) the owner and app roles and a database owned by the
 * owner, where tables the owner creates are readable and writable by the app
 * role. Idempotent. Runs with an administrative connection.
 */
export async function provisionDatabase(
  adminUrl: string,
  database: string,
  roles: DatabaseRoles,
): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const role of [roles.owner, roles.app]) {
      const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
      const verb = exists.rowCount ? 'ALTER' : 'CREATE';
      await admin.query(
        `${verb} ROLE ${identifier(role.name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${literal(role.password)}`,
      );
    }
    const dbExists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!dbExists.rowCount) {
      await admin.query(
        `CREATE DATABASE ${identifier(database)} OWNER ${identifier(roles.owner.name)} ENCODING 'UTF8' TEMPLATE template0`,
      );
    }
  } finally {
    await admin.end();
  }
  await grantAppPrivileges(adminUrl, database, roles);
}

/** Per-database grants; a database made from a template inherits them. */
async function grantAppPrivileges(adminUrl: string, database: string, roles: DatabaseRoles) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  const owner = identifier(roles.owner.name);
  const app = identifier(roles.app.name);
  try {
    await client.query(`REVOKE ALL ON DATABASE ${identifier(database)} FROM PUBLIC`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${identifier(database)} TO ${app}`);
    await client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await client.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
    );
    await client.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`,
    );
  } finally {
    await client.end();
  }
}

/** The same URL with other credentials and database. */
export function withCredentials(
  baseUrl: string,
  user: string,
  password: string,
  database: string,
): string {
  const url = new URL(baseUrl);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  url.pathname = `/${database}`;
  return url.toString();
}
