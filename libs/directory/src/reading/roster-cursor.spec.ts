import { DomainError } from '@fpn/core';
import { decodeRosterCursor, encodeRosterCursor } from './roster-cursor';

describe('roster cursor', () => {
  const position = { fullName: 'Иванов Иван', id: '1b4e28ba-2fa1-41d2-883f-0016d3cca427' };

  it('round-trips a position, Cyrillic included', () => {
    expect(decodeRosterCursor(encodeRosterCursor(position))).toEqual(position);
  });

  it.each([
    '',
    'not base64 at all',
    Buffer.from('["a"]').toString('base64url'),
    Buffer.from('["a","not-a-uuid"]').toString('base64url'),
  ])('refuses %j as BAD_USER_INPUT naming the field', (cursor) => {
    expect(() => decodeRosterCursor(cursor, 'after')).toThrow(DomainError);
    try {
      decodeRosterCursor(cursor, 'after');
    } catch (error) {
      expect((error as DomainError).code).toBe('BAD_USER_INPUT');
      expect((error as DomainError).details).toEqual({ field: 'after' });
    }
  });
});
