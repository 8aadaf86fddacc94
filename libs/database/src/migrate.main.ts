import { appEnvSchema, parseEnv } from '@fpn/config';
import { bootOrExit } from '@fpn/core';
import { runMigrations } from './migration-runner';

/** `npm run migrate`: applies pending migrations as DATABASE_MIGRATION_URL (else DATABASE_URL). */
void bootOrExit('migrate', async () => {
  const env = parseEnv(
    appEnvSchema.pick({ DATABASE_URL: true, DATABASE_MIGRATION_URL: true }),
    process.env,
  );
  const applied = await runMigrations(env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL);
  process.stdout.write(
    applied.length ? `applied: ${applied.join(', ')}\n` : 'migrations: up to date\n',
  );
});
