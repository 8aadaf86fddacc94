import 'reflect-metadata';
import cluster from 'node:cluster';
import { AppConfig } from '@fpn/config';
import { bootOrExit, exitWithParent } from '@fpn/core';
import { assertDatabaseReachable } from '@fpn/database';
import { assertRedisReachable } from '@fpn/queue';
import { superviseApiProcesses } from './api-processes';

exitWithParent();
void bootOrExit('api', async (cleanups) => {
  const config = AppConfig.fromEnv(process.env);
  await Promise.all([
    assertDatabaseReachable(config.database.url, 'DATABASE_URL', config.database.connectTimeoutMs),
    assertRedisReachable(config.redis.url),
  ]);
  if (cluster.isPrimary && config.http.processes > 1) {
    // API_PROCESSES replicas on one port (docs/architecture.md); this process only supervises.
    superviseApiProcesses(config.http.processes);
    return;
  }
  const { createApiApp } = await import('./bootstrap.js');
  const app = await createApiApp(config);
  cleanups.push(() => app.close());
  await app.listen(config.http.port, config.http.host);
});
