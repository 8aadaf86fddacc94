import pino from 'pino';
import { REDACTED_PATHS } from './logging.module';

describe('log redaction', () => {
  it('never writes credentials, tokens or passwords', () => {
    const lines: string[] = [];
    const logger = pino(
      { redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
      { write: (line: string) => lines.push(line) },
    );
    logger.info(
      {
        req: { headers: { authorization: 'Bearer eyJhbGciOi.secret', cookie: 'sid=abc' } },
        input: { password: 'correct horse battery', refreshToken: 'r-123' },
        token: 'top-level-token',
      },
      'login attempt',
    );
    const line = lines.join('');
    expect(line).toContain('login attempt');
    for (const secret of ['eyJhbGciOi', 'sid=abc', 'correct horse', 'r-123', 'top-level-token']) {
      expect(line).not.toContain(secret);
    }
  });
});
