import { DomainError, ErrorCode } from '@fpn/core';

/** Upper-case letters and digits, in parts joined by `/` or `-`: `NCT/G`, `SWG-2026`. */
const SERIES_KEY = /^[A-Z][A-Z0-9]*(?:[/-][A-Z0-9]+)*$/;
const SERIES_KEY_MAX = 32;
const FORMAT_MAX = 100;
/** What a reference format may hold besides its placeholders. */
const FORMAT_TEXT = /^[A-Za-z0-9/ ._-]*$/;
const PLACEHOLDER = /\{([a-z]+)\}/g;
const PLACEHOLDERS = new Set(['series', 'number', 'year']);

export const DEFAULT_REFERENCE_FORMAT = '{series}/{number}';
/** The largest number a note may carry (registered or issued). */
export const MAX_NOTE_NUMBER = 999_999;

export function isSeriesKey(key: string): boolean {
  return key.length <= SERIES_KEY_MAX && SERIES_KEY.test(key);
}

/** A series key as typed, or BAD_USER_INPUT naming `field`. */
export function validSeriesKey(key: string, field = 'key'): string {
  if (!isSeriesKey(key)) {
    throw new DomainError(
      ErrorCode.BadUserInput,
      `A series key is 1 to ${SERIES_KEY_MAX} upper-case letters and digits in parts joined by "/" or "-", e.g. NCT/G`,
      { field, reason: 'NOTE_SERIES_KEY_INVALID' },
    );
  }
  return key;
}

/**
 * A reference format: `{series}` and `{number}` once, `{year}` at most once,
 * otherwise letters, digits and `/ . _ -` or spaces. BAD_USER_INPUT otherwise.
 */
export function validReferenceFormat(format: string, field = 'referenceFormat'): string {
  const invalid = (message: string) =>
    new DomainError(ErrorCode.BadUserInput, message, {
      field,
      reason: 'NOTE_REFERENCE_FORMAT_INVALID',
    });
  if (format.length === 0 || format.length > FORMAT_MAX) {
    throw invalid(`A reference format is 1 to ${FORMAT_MAX} characters`);
  }
  const seen = new Map<string, number>();
  for (const [, name] of format.matchAll(PLACEHOLDER)) {
    if (!PLACEHOLDERS.has(name)) throw invalid(`Unknown placeholder {${name}}`);
    seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  if (seen.get('number') !== 1 || seen.get('series') !== 1) {
    // Without the series two series could write the same reference.
    throw invalid('A reference format holds {series} and {number} exactly once');
  }
  if ([...seen.values()].some((count) => count > 1)) {
    throw invalid('Each placeholder may appear once');
  }
  if (!FORMAT_TEXT.test(format.replace(PLACEHOLDER, ''))) {
    throw invalid(
      'Besides placeholders, a reference format holds letters, digits, "/ . _ -" and spaces',
    );
  }
  return format;
}

/** Whether numbers restart every year: only when the reference shows the year. */
export const numbersPerYear = (format: string): boolean => format.includes('{year}');

/**
 * The counter a note's number comes from: the seat's year when the reference
 * shows it, else 0 — one run across years, since `NCT/G/1` of one year would
 * otherwise repeat another's and a reference must name one note.
 */
export const counterYear = (format: string, year: number): number =>
  numbersPerYear(format) ? year : 0;

export function formatReference(
  format: string,
  values: { series: string; number: number; year: number },
): string {
  return format.replace(PLACEHOLDER, (_match, name: string) =>
    String(values[name as keyof typeof values]),
  );
}
