import { CryptoError, CryptoErrorCode } from '../errors';

/** A plain JSON object with exactly the allowed keys (missing optional keys are fine). */
export function expectObject(
  value: unknown,
  what: string,
  allowed: readonly string[],
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CryptoError(CryptoErrorCode.InvalidField, `${what} must be an object`);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new CryptoError(CryptoErrorCode.InvalidField, `${what} has an unknown field ${key}`);
    }
  }
  return value as Record<string, unknown>;
}
