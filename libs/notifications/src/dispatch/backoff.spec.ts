import { classifySendError, retryDelayMs } from './backoff';

describe('e-mail retries', () => {
  it('doubles the wait from one minute up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => retryDelayMs(n) / 60_000)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]);
  });

  it('keeps an error code, never the server text that may name an address', () => {
    const refused = Object.assign(new Error('550 5.1.1 <someone@example.org>: unknown user'), {
      code: 'EENVELOPE',
      responseCode: 550,
    });
    expect(classifySendError(refused)).toEqual({
      code: 'EENVELOPE 550',
      permanent: true,
      transportDown: false,
    });
    expect(classifySendError({ code: 'EENVELOPE', responseCode: 451 })).toEqual({
      code: 'EENVELOPE 451',
      permanent: false,
      transportDown: false,
    });
  });

  it('treats an unreachable relay as down for the whole batch, and retries it', () => {
    expect(classifySendError({ code: 'ECONNECTION' })).toEqual({
      code: 'ECONNECTION',
      permanent: false,
      transportDown: true,
    });
    expect(classifySendError(new Error('disk full'))).toEqual({
      code: 'ERROR',
      permanent: false,
      transportDown: true,
    });
    expect(classifySendError({ code: 'not a code: x@y.z' }).code).toBe('ERROR');
  });
});
