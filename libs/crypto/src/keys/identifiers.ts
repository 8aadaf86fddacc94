import { CryptoError, CryptoErrorCode } from '../errors';

/** Account, device, message and thread ids: 1–128 characters of [A-Za-z0-9_-] (UUIDs fit). */
const IDENTIFIER = /^[A-Za-z0-9_-]{1,128}$/;

export function assertIdentifier(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw new CryptoError(
      CryptoErrorCode.InvalidField,
      `${field} must be 1-128 characters of [A-Za-z0-9_-]`,
    );
  }
}

/** Timestamps are UTC, millisecond precision, exactly as Date.prototype.toISOString writes them. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function assertTimestamp(value: unknown, field: string): asserts value is string {
  if (
    typeof value !== 'string' ||
    !TIMESTAMP.test(value) ||
    Number.isNaN(Date.parse(value)) ||
    new Date(value).toISOString() !== value
  ) {
    throw new CryptoError(
      CryptoErrorCode.InvalidField,
      `${field} must be a UTC timestamp like 2026-01-31T12:00:00.000Z`,
    );
  }
}
