import { AppConfig } from './app-config';
import { apiHeapArgs, launcherEnvSchema } from './env-schema';
import { ConfigError, parseEnv } from './load-env';

const valid = {
  DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:5432/fpn',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: Buffer.alloc(32, 7).toString('base64'),
  MFA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
};

describe('configuration', () => {
  it('applies defaults and derives the migration URL from DATABASE_URL', () => {
    const config = AppConfig.fromEnv(valid);
    expect(config.http.port).toBe(3000);
    expect(config.database.migrationUrl).toBe(valid.DATABASE_URL);
    expect(config.redis.prefix).toBe('fpn');
  });

  it('names the missing variable in one line', () => {
    expect(() => AppConfig.fromEnv({ REDIS_URL: valid.REDIS_URL })).toThrow(
      new ConfigError('Invalid configuration: DATABASE_URL is required'),
    );
  });

  it('rejects a bad port without echoing the value', () => {
    expect(() => AppConfig.fromEnv({ ...valid, PORT: 'eighty' })).toThrow(
      'Invalid configuration: PORT must be a port number',
    );
  });

  it('never echoes a URL, which may carry a password', () => {
    try {
      AppConfig.fromEnv({ ...valid, DATABASE_URL: 'mysql://root:hunter2@db/fpn' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(
        'Invalid configuration: DATABASE_URL must be a postgres:// URL',
      );
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('refuses a short token-signing secret and password hashing below the OWASP floor', () => {
    expect(() => AppConfig.fromEnv({ ...valid, JWT_SECRET: 'c2hvcnQ=' })).toThrow(
      'Invalid configuration: JWT_SECRET must be at least 32 random bytes, base64-encoded',
    );
    expect(() => AppConfig.fromEnv({ ...valid, PASSWORD_HASH_MEMORY_KIB: '8192' })).toThrow(
      'Invalid configuration: PASSWORD_HASH_MEMORY_KIB must be at least 19456 (OWASP: 19 MiB)',
    );
  });

  it('treats an empty variable as unset', () => {
    expect(AppConfig.fromEnv({ ...valid, PORT: '' }).http.port).toBe(3000);
  });

  it('lets the launcher run without database and Redis URLs', () => {
    const env = parseEnv(launcherEnvSchema, {});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe('.data');
    expect(env.API_HEAP_MB).toBe(256);
  });

  it('gives the api the heap budget asked for, and refuses one that is not a number of MB', () => {
    expect(apiHeapArgs(parseEnv(launcherEnvSchema, { API_HEAP_MB: '512' }).API_HEAP_MB)).toEqual([
      '--max-old-space-size=512',
    ]);
    expect(() => parseEnv(launcherEnvSchema, { API_HEAP_MB: 'lots' })).toThrow(/API_HEAP_MB/);
    expect(() => parseEnv(launcherEnvSchema, { API_HEAP_MB: '0' })).toThrow(/API_HEAP_MB/);
  });
});
