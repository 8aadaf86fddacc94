import { DomainError, ErrorCode } from '@fpn/core';

/**
 * Opaque cursors. A delivery cursor names a delivery row (the device's
 * position); a message cursor a message's place in its thread; a thread
 * cursor a thread's place in "most recent activity first".
 */
const DIGITS = /^[1-9][0-9]{0,18}$/;
/** PostgreSQL's bigint: a larger number is no id of ours. */
const MAX_BIGINT = 9_223_372_036_854_775_807n;

function invalid(field: string): DomainError {
  return new DomainError(ErrorCode.BadUserInput, `${field} is not a cursor of this list`, {
    field,
  });
}

function decode(cursor: string, field: string): string {
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid(field);
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

/** A bigint id with a tag, e.g. `d:123`. */
function encodeId(tag: string, id: string): string {
  return Buffer.from(`${tag}:${id}`).toString('base64url');
}

function decodeId(tag: string, cursor: string, field: string): string {
  const [given, id, ...rest] = decode(cursor, field).split(':');
  if (given !== tag || rest.length > 0 || !id || !DIGITS.test(id) || BigInt(id) > MAX_BIGINT) {
    throw invalid(field);
  }
  return id;
}

export const encodeDeliveryCursor = (deliveryId: string) => encodeId('d', deliveryId);
/** The delivery id a device's cursor names (a decimal string: bigint). */
export const decodeDeliveryCursor = (cursor: string, field: string) => decodeId('d', cursor, field);

export const encodeMessageCursor = (seq: string) => encodeId('m', seq);
export const decodeMessageCursor = (cursor: string, field = 'after') =>
  decodeId('m', cursor, field);

export interface ThreadCursor {
  lastMessageAt: Date;
  id: string;
}

export function encodeThreadCursor(thread: ThreadCursor): string {
  return Buffer.from(`t|${thread.lastMessageAt.toISOString()}|${thread.id}`).toString('base64url');
}

export function decodeThreadCursor(cursor: string, field = 'after'): ThreadCursor {
  const [tag, at, id, ...rest] = decode(cursor, field).split('|');
  const lastMessageAt = new Date(at ?? '');
  if (
    tag !== 't' ||
    rest.length > 0 ||
    !id ||
    !/^[A-Za-z0-9_-]{1,128}$/.test(id) ||
    Number.isNaN(lastMessageAt.getTime())
  ) {
    throw invalid(field);
  }
  return { lastMessageAt, id };
}

/** `first` within 1..max, or BAD_USER_INPUT naming it. */
export function pageSize(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new DomainError(ErrorCode.BadUserInput, `first must be 1 to ${max}`, { field: 'first' });
  }
  return first;
}
