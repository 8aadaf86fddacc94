import 'reflect-metadata';
import { AppConfig } from '@fpn/config';
import { bootOrExit, exitWithParent } from '@fpn/core';
import { assertDatabaseReachable } from '@fpn/database';
import { assertRedisReachable } from '@fpn/queue';
import { createWorkerContext } from './bootstrap';

exitWithParent();
void bootOrExit('worker', async (cleanups) => {
  const config = AppConfig.fromEnv(process.env);
  await Promise.all([
    assertDatabaseReachable(config.database.url, 'DATABASE_URL', config.database.connectTimeoutMs),
    assertRedisReachable(config.redis.url),
  ]);
  const context = await createWorkerContext(config);
  cleanups.push(() => context.close());
  await context.init();
});
