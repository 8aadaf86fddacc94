import type { MailLanguage } from '../notification-kind';

/** Words for a message's priority (GraphQL `MessagePriority` values). */
export const MESSAGE_PRIORITIES: Record<MailLanguage, Record<string, string>> = {
  en: { ROUTINE: 'routine', URGENT: 'urgent', FLASH: 'flash' },
  ru: { ROUTINE: 'обычный', URGENT: 'срочный', FLASH: 'молния' },
};

/** Words for a message's category (GraphQL `MessageCategory` values). */
export const MESSAGE_CATEGORIES: Record<MailLanguage, Record<string, string>> = {
  en: {
    INFORMATION_EXCHANGE: 'information exchange',
    ALERT: 'alert',
    REQUEST_FOR_ASSISTANCE: 'request for assistance',
    BEST_PRACTICE: 'best practice',
    NOTICE: 'notice',
  },
  ru: {
    INFORMATION_EXCHANGE: 'обмен информацией',
    ALERT: 'оповещение',
    REQUEST_FOR_ASSISTANCE: 'запрос о содействии',
    BEST_PRACTICE: 'передовой опыт',
    NOTICE: 'уведомление',
  },
};

export const SECRETARIAT_SENDER: Record<MailLanguage, string> = {
  en: 'the Secretariat',
  ru: 'Секретариат',
};
