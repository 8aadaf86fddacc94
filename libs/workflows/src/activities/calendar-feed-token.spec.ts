import { createHash } from 'node:crypto';
import {
  hashCalendarFeedToken,
  newCalendarFeedToken,
  parseCalendarFeedToken,
} from './calendar-feed-token';

describe('calendar feed tokens', () => {
  it('are 32 random bytes in base64url, stored as their SHA-256 only', () => {
    const { token, tokenHash } = newCalendarFeedToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(tokenHash).toEqual(
      createHash('sha256').update(Buffer.from(token, 'base64url')).digest(),
    );
    expect(hashCalendarFeedToken(token)).toEqual(tokenHash);
    expect(newCalendarFeedToken().token).not.toBe(token);
  });

  it('accepts only the canonical encoding of 32 bytes', () => {
    const { token } = newCalendarFeedToken();
    expect(parseCalendarFeedToken(token)).toBe(token);
    expect(parseCalendarFeedToken('A'.repeat(43))).toBe('A'.repeat(43));
    // The last character's two spare bits set: the same bytes, another spelling.
    expect(parseCalendarFeedToken(`${'A'.repeat(42)}B`)).toBeUndefined();
    for (const bad of ['short', `${token}A`, `${token.slice(0, 42)}!`, `${token.slice(0, 42)}=`]) {
      expect(parseCalendarFeedToken(bad)).toBeUndefined();
    }
  });
});
