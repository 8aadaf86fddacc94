import { DomainError, ErrorCode } from '@fpn/core';
import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** ASVS 5.0 §6.2: length, not composition rules; refuse common and context-specific passwords. */
export function assertAcceptablePassword(password: string, context: { email: string }): void {
  const length = [...password].length;
  const refuse = (reason: string) => {
    throw new DomainError(ErrorCode.BadUserInput, reason, { field: 'password' });
  };
  if (length < MIN_PASSWORD_LENGTH)
    refuse(`Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (length > MAX_PASSWORD_LENGTH)
    refuse(`Password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) refuse('Password is too common');
  const local = context.email.split('@')[0].toLowerCase();
  if (local.length >= 4 && lowered.includes(local))
    refuse('Password must not contain your e-mail name');
  if (new Set(password).size < 4) refuse('Password is too repetitive');
}
