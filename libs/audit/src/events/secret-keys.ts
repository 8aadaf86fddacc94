import type { JsonValue } from './audit-event';

/**
 * Names a details key must not end with (compared lower-case, letters and
 * digits only): the audit log is read by administrators and kept for years,
 * so a secret written into it would outlive every rotation.
 */
const SECRET_NAME_ENDINGS = [
  'password',
  'passphrase',
  'secret',
  'token',
  'privatekey',
  'seed',
  'otp',
  'totp',
  'mfacode',
  'otpcode',
  'recoverycode',
];

/** The path of the first key in `value` that names a secret, if any. */
export function findSecretKey(value: JsonValue, path = ''): string | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findSecretKey(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    const keyPath = path ? `${path}.${key}` : key;
    if (SECRET_NAME_ENDINGS.some((ending) => normalized.endsWith(ending))) return keyPath;
    const found = findSecretKey(item, keyPath);
    if (found) return found;
  }
  return undefined;
}
