import { DomainError } from '@fpn/core';
import {
  decodeDeliveryCursor,
  decodeMessageCursor,
  decodeThreadCursor,
  encodeDeliveryCursor,
  encodeMessageCursor,
  encodeThreadCursor,
  pageSize,
} from './cursors';

const field = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.details?.field : 'not a DomainError';
  }
  return 'accepted';
};

describe('messaging cursors', () => {
  it('round-trips each kind, and a cursor of one list is refused by another', () => {
    const delivery = encodeDeliveryCursor('9007199254740993');
    expect(decodeDeliveryCursor(delivery, 'upTo')).toBe('9007199254740993');
    expect(decodeMessageCursor(encodeMessageCursor('42'))).toBe('42');
    const at = new Date('2026-01-15T09:00:00.123Z');
    expect(decodeThreadCursor(encodeThreadCursor({ lastMessageAt: at, id: 'thread-1' }))).toEqual({
      lastMessageAt: at,
      id: 'thread-1',
    });
    expect(field(() => decodeMessageCursor(delivery))).toBe('after');
    expect(field(() => decodeDeliveryCursor(encodeMessageCursor('1'), 'upTo'))).toBe('upTo');
  });

  it('refuses what is not a cursor, naming the argument', () => {
    for (const bad of ['', '!!', 'x'.repeat(201), Buffer.from('d:0').toString('base64url')]) {
      expect(field(() => decodeDeliveryCursor(bad, 'after'))).toBe('after');
    }
    expect(field(() => decodeDeliveryCursor(Buffer.from('d:1:2').toString('base64url'), 'a'))).toBe(
      'a',
    );
    expect(field(() => decodeThreadCursor(Buffer.from('t|nope|x').toString('base64url')))).toBe(
      'after',
    );
  });

  it('bounds page sizes', () => {
    expect(pageSize(50, 100)).toBe(50);
    expect(field(() => pageSize(0, 100))).toBe('first');
    expect(field(() => pageSize(101, 100))).toBe('first');
    expect(field(() => pageSize(1.5, 100))).toBe('first');
  });
});
