import { DomainError, ErrorCode } from '@fpn/core';

/** Where a page ends in the roster's order: full name, then id (ids break ties between namesakes). */
export interface RosterPosition {
  fullName: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: base64url of `[fullName, id]`. */
export function encodeRosterCursor(position: RosterPosition): string {
  return Buffer.from(JSON.stringify([position.fullName, position.id])).toString('base64url');
}

export function decodeRosterCursor(cursor: string, field = 'after'): RosterPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      UUID.test(value[1])
    ) {
      return { fullName: value[0], id: value[1] };
    }
  } catch {
    // falls through
  }
  throw new DomainError(ErrorCode.BadUserInput, 'Cursor is not valid', { field });
}
