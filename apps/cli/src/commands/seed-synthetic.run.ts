import { appEnvSchema, parseEnv } from '@fpn/config';
import { SystemClock } from '@fpn/core';
import { dataSourceOptions } from '@fpn/database';
import { generateSyntheticDirectory, SYNTHETIC_DEFAULT_COUNT } from '@fpn/directory';
import { DataSource } from 'typeorm';
import { ExitCode, type CliContext } from '../cli-command';

const envSchema = appEnvSchema.pick({
  NODE_ENV: true,
  DATABASE_URL: true,
  DATABASE_CONNECT_TIMEOUT_MS: true,
});

/** `seed:synthetic`, loaded only when called (the command is declared in seed-synthetic.command.ts). */
export async function run(
  options: { count?: string; seed?: string; batch: string },
  { env, io }: CliContext,
): Promise<number> {
  const config = parseEnv(envSchema, env);
  if (config.NODE_ENV === 'production') {
    io.err('seed:synthetic: refused in production (NODE_ENV=production): the roster is real');
    return ExitCode.failed;
  }
  const count = Number(options.count ?? SYNTHETIC_DEFAULT_COUNT);
  const batchSize = Number(options.batch);
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000) {
    io.err('seed:synthetic: --count is a whole number from 1 to 1000000');
    return ExitCode.error;
  }
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5_000) {
    io.err('seed:synthetic: --batch is a whole number from 1 to 5000');
    return ExitCode.error;
  }
  const dataSource = new DataSource(
    dataSourceOptions({
      url: config.DATABASE_URL,
      poolSize: 1,
      connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
      applicationName: 'fpn-cli',
    }),
  );
  await dataSource.initialize();
  try {
    const started = performance.now();
    const result = await generateSyntheticDirectory(dataSource, {
      clock: new SystemClock(),
      count,
      batchSize,
      seed: options.seed,
      onProgress: ({ done, total, written }) => io.out(`${done}/${total} entries (${written} new)`),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.out(
      result.focalPoints || result.memberships || result.authorities
        ? `wrote ${result.focalPoints} focal points, ${result.memberships} memberships, ${result.authorities} authorities in ${seconds} s`
        : `nothing to do: these ${count} synthetic entries exist already`,
    );
    return ExitCode.ok;
  } finally {
    await dataSource.destroy();
  }
}
