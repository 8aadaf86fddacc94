import type { MailLanguage } from '../notification-kind';

/** Words for an Action Plan activity's kind (`ActivityKind` values, libs/workflows). */
export const ACTIVITY_KINDS: Record<MailLanguage, Record<string, string>> = {
  en: { meeting: 'Meeting', seminar: 'Seminar', training: 'Training' },
  ru: { meeting: 'Совещание', seminar: 'Семинар', training: 'Тренинг' },
};

/** Where an activity meets when it is (also) online. */
export const ONLINE: Record<MailLanguage, string> = { en: 'Online', ru: 'Онлайн' };
