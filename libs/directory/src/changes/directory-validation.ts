import { DomainError, ErrorCode } from '@fpn/core';
import { AuthorityKind } from '../authorities/authority.entity';
import {
  Availability,
  type ContactChannel,
  ContactChannelKind,
} from '../focal-points/focal-point.entity';
import { MembershipRole } from '../memberships/network-membership.entity';
import { ISO_639_1 } from './iso-639-1';

/**
 * Checks of what people type into the directory, before anything is read or
 * written. Each refusal is BAD_USER_INPUT naming the field, so a client can
 * point at it; each accepted value comes back normalized.
 */

export const badInput = (field: string, message: string) =>
  new DomainError(ErrorCode.BadUserInput, message, { field });

export const REASON_MIN = 3;
export const REASON_MAX = 1000;
export const MAX_LANGUAGES = 10;
export const MAX_CONTACT_CHANNELS = 10;
export const NOTE_MAX = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONTROL = /\p{Cc}/u;
const STATE_CODE = /^[A-Z]{2}$/;
const NETWORK_KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Pragmatic, not RFC 5322: what a mail relay and a person can both use.
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const PHONE_CHARACTERS = /^\+[0-9 ().-]+$/;
const IANA_ZONE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

export const isUuid = (value: string) => UUID.test(value);

/** One line of text: trimmed, inner runs of white space kept, no control characters. */
export function validLine(
  value: string | null | undefined,
  field: string,
  limits: { min?: number; max: number },
): string {
  const text = (value ?? '').trim();
  const min = limits.min ?? 1;
  if (CONTROL.test(text)) throw badInput(field, `${field} must be a single line of text`);
  // Counted in characters (code points), so Cyrillic counts like Latin.
  const length = [...text].length;
  if (length < min || length > limits.max) {
    throw badInput(field, `${field} must be ${min} to ${limits.max} characters`);
  }
  return text;
}

/** A line that may be left out: null when empty. */
export function optionalLine(
  value: string | null | undefined,
  field: string,
  max: number,
): string | null {
  return value?.trim() ? validLine(value, field, { max }) : null;
}

/** Why a change is made: 3 to 1000 characters; line breaks allowed. */
export function validReason(value: string | null | undefined, field = 'reason'): string {
  const text = (value ?? '').trim();
  const length = [...text].length;
  if (length < REASON_MIN || length > REASON_MAX) {
    throw badInput(field, `Give a reason of ${REASON_MIN} to ${REASON_MAX} characters`);
  }
  if (/[\p{Cc}]/u.test(text.replace(/[\n\r\t]/g, ''))) {
    throw badInput(field, 'The reason contains control characters');
  }
  return text;
}

/** An optional reason: null when not given, else as `validReason`. */
export const optionalReason = (value: string | null | undefined, field = 'reason') =>
  value?.trim() ? validReason(value, field) : null;

export function validStateCode(value: string, field = 'memberStateCode'): string {
  const code = (value ?? '').trim().toUpperCase();
  if (!STATE_CODE.test(code)) throw badInput(field, `${field} must be an ISO 3166-1 alpha-2 code`);
  return code;
}

export function validId(value: string, field: string): string {
  const id = (value ?? '').trim().toLowerCase();
  if (!isUuid(id)) throw badInput(field, `${field} is not a valid id`);
  return id;
}

/** A network's key: a lower-case slug such as `law-enforcement`. */
export function validNetworkKey(value: string, field = 'networkKey'): string {
  const key = (value ?? '').trim();
  if (key.length < 2 || key.length > 64 || !NETWORK_KEY.test(key)) {
    throw badInput(
      field,
      `${field} must be a lower-case slug of 2 to 64 letters, digits and hyphens, e.g. "law-enforcement"`,
    );
  }
  return key;
}

/** ISO 639-1 codes, lower-cased, without duplicates, 1 to 10 of them. */
export function validLanguages(values: readonly string[] | null | undefined, field: string) {
  const codes = [...new Set((values ?? []).map((code) => code.trim().toLowerCase()))];
  if (codes.length < 1 || codes.length > MAX_LANGUAGES) {
    throw badInput(field, `Name 1 to ${MAX_LANGUAGES} languages`);
  }
  const unknown = codes.filter((code) => !ISO_639_1.has(code));
  if (unknown.length) {
    throw badInput(
      field,
      `Not ISO 639-1 language codes: ${unknown.map((code) => JSON.stringify(code)).join(', ')}`,
    );
  }
  return codes;
}

/** An IANA time zone such as `Asia/Almaty`, in its canonical spelling. */
export function validTimeZone(value: string, field: string): string {
  const zone = (value ?? '').trim();
  if (zone.length > 64 || !IANA_ZONE.test(zone)) {
    throw badInput(field, `${field} must be an IANA time zone such as Asia/Almaty`);
  }
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw badInput(field, `Unknown time zone "${zone}"`);
  }
}

export function validEmail(value: string, field: string): string {
  const address = (value ?? '').trim().toLowerCase();
  if (address.length > 254 || !EMAIL.test(address)) {
    throw badInput(field, `${field} is not a valid e-mail address`);
  }
  return address;
}

/** An international number (E.164): `+`, country code, 7 to 15 digits; stored without spacing. */
export function validPhone(value: string, field: string): string {
  const typed = (value ?? '').trim();
  const digits = typed.replace(/\D/g, '');
  if (
    !PHONE_CHARACTERS.test(typed) ||
    digits.length < 7 ||
    digits.length > 15 ||
    digits.startsWith('0')
  ) {
    throw badInput(
      field,
      `${field} must be an international number starting with + and the country code`,
    );
  }
  return `+${digits}`;
}

export interface ContactChannelInputShape {
  kind: ContactChannelKind;
  value: string;
  note?: string | null;
}

/** Up to 10 ways to reach the person; e-mail and phone numbers must be well formed. */
export function validContactChannels(
  channels: readonly ContactChannelInputShape[] | null | undefined,
  field: string,
): ContactChannel[] {
  const list = channels ?? [];
  if (list.length > MAX_CONTACT_CHANNELS) {
    throw badInput(field, `At most ${MAX_CONTACT_CHANNELS} contact channels`);
  }
  const valid = list.map((channel, index): ContactChannel => {
    const at = `${field}[${index}]`;
    if (!Object.values(ContactChannelKind).includes(channel.kind)) {
      throw badInput(`${at}.kind`, 'Unknown kind of contact channel');
    }
    let value: string;
    switch (channel.kind) {
      case ContactChannelKind.EMAIL:
        value = validEmail(channel.value, `${at}.value`);
        break;
      case ContactChannelKind.PHONE:
      case ContactChannelKind.MOBILE:
      case ContactChannelKind.FAX:
        value = validPhone(channel.value, `${at}.value`);
        break;
      case ContactChannelKind.SECURE_MESSENGER:
        value = validLine(channel.value, `${at}.value`, { max: 200 });
        break;
    }
    return { kind: channel.kind, value, note: optionalLine(channel.note, `${at}.note`, NOTE_MAX) };
  });
  const seen = new Set<string>();
  valid.forEach((channel, index) => {
    const key = `${channel.kind}:${channel.value}`;
    if (seen.has(key)) throw badInput(`${field}[${index}]`, 'This contact channel is listed twice');
    seen.add(key);
  });
  return valid;
}

export function validAvailability(value: Availability, field: string): Availability {
  if (!Object.values(Availability).includes(value)) throw badInput(field, 'Unknown availability');
  return value;
}

export function validAuthorityKind(value: AuthorityKind, field: string): AuthorityKind {
  if (!Object.values(AuthorityKind).includes(value)) {
    throw badInput(field, 'Unknown kind of authority');
  }
  return value;
}

export function validMembershipRole(value: MembershipRole, field: string): MembershipRole {
  if (!Object.values(MembershipRole).includes(value)) throw badInput(field, 'Unknown role');
  return value;
}

/** Field lengths, as the columns hold them. */
export const LIMITS = {
  fullName: 200,
  title: 300,
  authorityName: 300,
  networkName: 200,
  requestNotes: 10_000,
} as const;
