import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  provisionDatabase,
  runMigrations,
  startEmbeddedPostgres,
  withCredentials,
  type DatabaseRoles,
} from '@fpn/database';
import { startLocalRedis } from '@fpn/queue';

export const TEMPLATE_DATABASE = 'fpn_test_template';

/** What every test file needs to make its own database and Redis prefix; passed through the environment. */
export interface TestInfrastructure {
  adminUrl: string;
  redisUrl: string;
  roles: DatabaseRoles;
}

const ENV_KEY = 'FPN_TEST_INFRASTRUCTURE';

/**
 * Jest global setup: one PostgreSQL and one Redis for the whole run, and a
 * migrated template database each test file copies. DATABASE_URL (a role that
 * may create roles and databases) and REDIS_URL replace the local servers.
 */
export async function startTestInfrastructure(
  env: Record<string, string | undefined>,
): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  // Under the system temp folder: the postgres OS user must be able to reach it,
  // whatever the permissions of the folder the repository was cloned into.
  const runDir = path.join(tmpdir(), `fpn-test-${process.pid}`);

  let adminUrl = env.DATABASE_URL;
  if (!adminUrl) {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(runDir, 'postgres'),
      throwaway: true,
    });
    stops.push(server.stop);
    adminUrl = server.adminUrl;
  }
  let redisUrl = env.REDIS_URL;
  if (!redisUrl) {
    const redis = await startLocalRedis({ dataDir: path.join(runDir, 'redis'), throwaway: true });
    stops.push(redis.stop);
    redisUrl = redis.url;
  }

  const roles: DatabaseRoles = {
    owner: { name: 'fpn_test_owner', password: 'test-owner' },
    app: { name: 'fpn_test_app', password: 'test-app' },
  };
  await provisionDatabase(adminUrl, TEMPLATE_DATABASE, roles);
  await runMigrations(
    withCredentials(adminUrl, roles.owner.name, roles.owner.password, TEMPLATE_DATABASE),
  );

  const infrastructure: TestInfrastructure = { adminUrl, redisUrl, roles };
  process.env[ENV_KEY] = JSON.stringify(infrastructure);
  return async () => {
    for (const stop of stops.reverse()) await stop();
    await rm(runDir, { recursive: true, force: true });
  };
}

export function testInfrastructure(): TestInfrastructure {
  const value = process.env[ENV_KEY];
  if (!value)
    throw new Error('test infrastructure is not running: run e2e tests through `npm test`');
  return JSON.parse(value) as TestInfrastructure;
}
