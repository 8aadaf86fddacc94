import type { MailLanguage } from '../notification-kind';

/** Words for what a state said in a silence procedure (`SilenceStatementKind` values). */
export const SILENCE_STATEMENT_KINDS: Record<MailLanguage, Record<string, string>> = {
  en: {
    concurrence: 'concurrence',
    objection: 'objection (silence broken)',
    amendment: 'proposed amendment (silence broken)',
    withdrawal: 'withdrawal of its objection or amendment',
  },
  ru: {
    concurrence: 'согласие',
    objection: 'возражение (молчание нарушено)',
    amendment: 'предложение поправки (молчание нарушено)',
    withdrawal: 'отзыв своего возражения или поправки',
  },
};

/** Words for a procedure's outcome. */
export const SILENCE_OUTCOMES: Record<MailLanguage, Record<string, string>> = {
  en: { approved: 'approved', not_adopted: 'not adopted' },
  ru: { approved: 'утверждён', not_adopted: 'не принят' },
};

export const NONE: Record<MailLanguage, string> = { en: 'none', ru: 'нет' };

const DEADLINE_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** An instant in the zone the Secretariat chose, with the zone's name: "1 December 2026 at 18:00 (Asia/Almaty)". */
export function formatInZone(date: Date, timeZone: string, language: MailLanguage): string {
  const key = `${language}|${timeZone}`;
  let format = DEADLINE_FORMATS.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-GB', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone,
    });
    DEADLINE_FORMATS.set(key, format);
  }
  return `${format.format(date)} (${timeZone})`;
}
