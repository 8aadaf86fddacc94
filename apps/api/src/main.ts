import 'reflect-metadata';
import { AppConfig } from '@fpn/config';
import { bootOrExit, exitWithParent } from '@fpn/core';
import { assertDatabaseReachable } from '@fpn/database';
import { assertRedisReachable } from '@fpn/queue';
import { createApiApp } from './bootstrap';

exitWithParent();
void bootOrExit('api', async (cleanups) => {
  const config = AppConfig.fromEnv(process.env);
  await Promise.all([
    assertDatabaseReachable(config.database.url, 'DATABASE_URL', config.database.connectTimeoutMs),
    assertRedisReachable(config.redis.url),
  ]);
  const app = await createApiApp(config);
  cleanups.push(() => app.close());
  await app.listen(config.http.port, config.http.host);
});
