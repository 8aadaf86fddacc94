import { AppConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:5432/fpn',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: Buffer.alloc(32, 7).toString('base64'),
  MFA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
};

describe('webhook configuration', () => {
  it('retries for 24 h from 30 s, and allows only public https targets by default', () => {
    expect(AppConfig.fromEnv(valid).webhooks).toEqual({
      allowPrivateTargets: false,
      retryHours: 24,
      backoffSeconds: 30,
      timeoutMs: 10_000,
    });
  });

  it('allows private targets for tests, and refuses that override in production', () => {
    const override = { ...valid, WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' };
    expect(AppConfig.fromEnv({ ...override, NODE_ENV: 'test' }).webhooks.allowPrivateTargets).toBe(
      true,
    );
    expect(() => AppConfig.fromEnv({ ...override, NODE_ENV: 'production' })).toThrow(
      'WEBHOOKS_ALLOW_PRIVATE_TARGETS is for tests and refused in production',
    );
    expect(() => AppConfig.fromEnv({ ...valid, WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'yes' })).toThrow(
      'WEBHOOKS_ALLOW_PRIVATE_TARGETS',
    );
  });
});
