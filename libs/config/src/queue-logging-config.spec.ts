import path from 'node:path';
import { AppConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:5432/fpn',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: Buffer.alloc(32, 7).toString('base64'),
  MFA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
};

describe('queue locks and the log destination', () => {
  it("keeps BullMQ's own lock and stalled-check defaults unless told otherwise", () => {
    const { worker } = AppConfig.fromEnv(valid);
    expect(worker).toMatchObject({ lockDurationMs: 30_000, stalledIntervalMs: 30_000 });
    const short = AppConfig.fromEnv({
      ...valid,
      QUEUE_LOCK_DURATION_MS: '2000',
      QUEUE_STALLED_INTERVAL_MS: '500',
    });
    expect(short.worker).toMatchObject({ lockDurationMs: 2_000, stalledIntervalMs: 500 });
    expect(() => AppConfig.fromEnv({ ...valid, QUEUE_LOCK_DURATION_MS: '0' })).toThrow(
      'Invalid configuration: QUEUE_LOCK_DURATION_MS must be at least 1',
    );
  });

  it('logs to stdout unless LOG_FILE names a file, taken as an absolute path', () => {
    expect(AppConfig.fromEnv(valid).log.file).toBeUndefined();
    expect(AppConfig.fromEnv({ ...valid, LOG_FILE: '' }).log.file).toBeUndefined();
    expect(AppConfig.fromEnv({ ...valid, LOG_FILE: 'logs/app.log' }).log.file).toBe(
      path.resolve('logs/app.log'),
    );
  });
});
