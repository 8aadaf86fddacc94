import { registerEnumType } from '@nestjs/graphql';

/** What a notification is about. Stored as text; new kinds are added at the end. */
export enum NotificationKind {
  INVITATION = 'INVITATION',
  CREDENTIALS_RESET = 'CREDENTIALS_RESET',
  ACCOUNT_SUSPENDED = 'ACCOUNT_SUSPENDED',
  ACCOUNT_REACTIVATED = 'ACCOUNT_REACTIVATED',
  API_CREDENTIAL_ISSUED = 'API_CREDENTIAL_ISSUED',
  API_CREDENTIAL_EXPIRING = 'API_CREDENTIAL_EXPIRING',
}

registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description: 'What a notification is about.',
});

/** A parameter value: metadata only (ids, codes, names, dates), never message content. */
export type NotificationParam = string | number | boolean | null;

type SignInLink = {
  displayName: string;
  /** A `Role` value (libs/identity). */
  role: string;
  memberStateCode: string | null;
  /** ISO 8601. */
  expiresAt: string;
};

type ApiCredential = {
  displayName: string;
  /** The credential's name, as its creator typed it. */
  name: string;
  memberStateCode: string;
  /** ISO 8601. */
  expiresAt: string;
};

/** The parameters each kind carries (templates and clients read them). */
export interface NotificationParamsByKind {
  [NotificationKind.INVITATION]: SignInLink;
  [NotificationKind.CREDENTIALS_RESET]: SignInLink;
  [NotificationKind.ACCOUNT_SUSPENDED]: { displayName: string };
  [NotificationKind.ACCOUNT_REACTIVATED]: { displayName: string };
  [NotificationKind.API_CREDENTIAL_ISSUED]: ApiCredential;
  [NotificationKind.API_CREDENTIAL_EXPIRING]: ApiCredential;
}

/** The language of an e-mail: the values of the directory's `Language`. */
export type MailLanguage = 'en' | 'ru';

export const MAIL_LANGUAGES: readonly MailLanguage[] = ['en', 'ru'];
