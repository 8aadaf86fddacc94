/** The conference's languages, as notes are written in them. */
export type NoteLanguage = 'en' | 'ru';

const LOCALES: Record<NoteLanguage, string> = { en: 'en-GB', ru: 'ru-RU' };

/** Whether `zone` is an IANA time zone this Node.js knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (YYYY-MM-DD) at `instant` in `timeZone`: the note's date at the seat. */
export function dateIn(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** A calendar date as a note writes it: `28 November 2026`, `28 ноября 2026 г.` */
export function formatDated(dated: string, language: NoteLanguage): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${dated}T00:00:00Z`));
}

/**
 * An instant in the zone the Secretariat chose, with the zone and its offset
 * then: `1 December 2026, 18:00 (Asia/Almaty, UTC+05:00)`.
 */
export function formatInstantIn(iso: string, timeZone: string, language: NoteLanguage): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new Error(`not an instant: ${iso}`);
  const date = new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(instant);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
  const offset =
    new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(instant)
      .find((p) => p.type === 'timeZoneName')
      ?.value.replace('GMT', 'UTC') ?? 'UTC';
  return `${date}, ${time} (${timeZone}, ${offset === 'UTC' ? 'UTC+00:00' : offset})`;
}
