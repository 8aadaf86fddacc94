import path from 'node:path';
import { AppConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:5432/fpn',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: Buffer.alloc(32, 7).toString('base64'),
  MFA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
};

describe('mail configuration', () => {
  it('writes to <DATA_DIR>/outbox without SMTP_URL, and links to this server by default', () => {
    const { mail } = AppConfig.fromEnv({ ...valid, DATA_DIR: 'var/fpn', PORT: '8080' });
    expect(mail).toEqual({
      smtpUrl: undefined,
      outboxDir: path.resolve('var/fpn/outbox'),
      from: 'Focal Points Network <no-reply@fpn.localhost>',
      publicUrl: 'http://localhost:8080',
      maxAttempts: 8,
    });
  });

  it('takes an SMTP relay with credentials, and a public address without its trailing slash', () => {
    const { mail } = AppConfig.fromEnv({
      ...valid,
      SMTP_URL: 'smtps://mailer:pa55@relay.example.org:465',
      PUBLIC_URL: 'https://fpn.example.org/',
      MAIL_OUTBOX_DIR: '/srv/outbox',
    });
    expect(mail.smtpUrl).toBe('smtps://mailer:pa55@relay.example.org:465');
    expect(mail.publicUrl).toBe('https://fpn.example.org');
    expect(mail.outboxDir).toBe('/srv/outbox');
  });

  it('refuses another scheme without echoing the URL, which may carry a password', () => {
    const attempt = () => AppConfig.fromEnv({ ...valid, SMTP_URL: 'http://mailer:hunter2@relay' });
    expect(attempt).toThrow('Invalid configuration: SMTP_URL must be an smtp:// or smtps:// URL');
    expect(attempt).not.toThrow(/hunter2/);
    expect(() => AppConfig.fromEnv({ ...valid, PUBLIC_URL: 'fpn.example.org' })).toThrow(
      'Invalid configuration: PUBLIC_URL must be an http:// or https:// URL',
    );
  });
});
