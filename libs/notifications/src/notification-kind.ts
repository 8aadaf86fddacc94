import { registerEnumType } from '@nestjs/graphql';

/** What a notification is about. Stored as text; new kinds are added at the end. */
export enum NotificationKind {
  INVITATION = 'INVITATION',
  CREDENTIALS_RESET = 'CREDENTIALS_RESET',
  ACCOUNT_SUSPENDED = 'ACCOUNT_SUSPENDED',
  ACCOUNT_REACTIVATED = 'ACCOUNT_REACTIVATED',
  API_CREDENTIAL_ISSUED = 'API_CREDENTIAL_ISSUED',
  API_CREDENTIAL_EXPIRING = 'API_CREDENTIAL_EXPIRING',
  DIRECTORY_CONFIRMATION_DUE = 'DIRECTORY_CONFIRMATION_DUE',
  DIRECTORY_ENTRY_STALE = 'DIRECTORY_ENTRY_STALE',
  DIRECTORY_STALE_ESCALATED = 'DIRECTORY_STALE_ESCALATED',
  COMMUNICATION_CHECK_STARTED = 'COMMUNICATION_CHECK_STARTED',
  DIRECTORY_CHANGE_PROPOSED = 'DIRECTORY_CHANGE_PROPOSED',
  DIRECTORY_CHANGE_DECIDED = 'DIRECTORY_CHANGE_DECIDED',
  DIRECTORY_ENTRY_CHANGED = 'DIRECTORY_ENTRY_CHANGED',
  IDENTITY_KEY_CHANGED = 'IDENTITY_KEY_CHANGED',
  REQUEST_DUE_SOON = 'REQUEST_DUE_SOON',
  REQUEST_OVERDUE = 'REQUEST_OVERDUE',
  MESSAGE_ESCALATED = 'MESSAGE_ESCALATED',
  REQUEST_HANDED_OVER = 'REQUEST_HANDED_OVER',
  SILENCE_PROCEDURE_OPENED = 'SILENCE_PROCEDURE_OPENED',
  SILENCE_STATEMENT_RECORDED = 'SILENCE_STATEMENT_RECORDED',
  SILENCE_PROCEDURE_EXTENDED = 'SILENCE_PROCEDURE_EXTENDED',
  SILENCE_PROCEDURE_WITHDRAWN = 'SILENCE_PROCEDURE_WITHDRAWN',
  SILENCE_PROCEDURE_CLOSED = 'SILENCE_PROCEDURE_CLOSED',
  NOTE_ISSUED = 'NOTE_ISSUED',
  ACTIVITY_PLANNED = 'ACTIVITY_PLANNED',
  ACTIVITY_CANCELLED = 'ACTIVITY_CANCELLED',
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

/** A directory entry due for confirmation, stale, or escalated (libs/directory freshness). */
type DirectoryEntryFreshness = {
  /** The recipient's name: the focal point, or a coordinator of their state. */
  displayName: string;
  focalPointId: string;
  /** The entry's name, as the state gave it. */
  name: string;
  memberStateCode: string;
  /** ISO 8601: when the confirmation is (or was) due. */
  dueAt: string;
};

/** A proposal to change a state's directory entries (libs/directory changes). */
type DirectoryChange = {
  displayName: string;
  changeId: string;
  /** A `DirectoryChangeKind` value, e.g. `add_focal_point`. */
  changeKind: string;
  memberStateCode: string;
};

/**
 * A message's visible metadata for a notice (libs/messaging requests): never
 * the subject or body, which the server cannot read anyway.
 */
type MessageNotice = {
  displayName: string;
  messageId: string;
  networkKey: string;
  networkNameEn: string;
  networkNameRu: string;
  /** The GraphQL `MessageCategory` value, e.g. `REQUEST_FOR_ASSISTANCE`. */
  category: string;
  /** The GraphQL `MessagePriority` value, e.g. `URGENT`. */
  priority: string;
  /** The sender's member state; null for the Secretariat. */
  senderMemberStateCode: string | null;
  /** The addressed state the notice is about. */
  memberStateCode: string;
  /** ISO 8601. */
  sentAt: string;
};

/**
 * A silence procedure (libs/workflows/src/procedures): its titles, deadline in
 * the zone the Secretariat chose, priority area and the note that announced
 * the step. Never the draft's text or a state's reasons.
 */
type SilenceProcedureNotice = {
  displayName: string;
  procedureId: string;
  titleEn: string;
  titleRu: string;
  /** ISO 8601: the deadline in force. */
  deadline: string;
  /** The IANA zone the deadline is shown in, e.g. `Asia/Almaty`. */
  deadlineTimeZone: string;
  /** The priority area (network), if any. */
  networkNameEn: string | null;
  networkNameRu: string | null;
  /** The numbered note issued with this step, e.g. `NCT/G/35`. */
  noteReference: string | null;
};

/** The parameters each kind carries (templates and clients read them). */
export interface NotificationParamsByKind {
  [NotificationKind.INVITATION]: SignInLink;
  [NotificationKind.CREDENTIALS_RESET]: SignInLink;
  [NotificationKind.ACCOUNT_SUSPENDED]: { displayName: string };
  [NotificationKind.ACCOUNT_REACTIVATED]: { displayName: string };
  [NotificationKind.API_CREDENTIAL_ISSUED]: ApiCredential;
  [NotificationKind.API_CREDENTIAL_EXPIRING]: ApiCredential;
  [NotificationKind.DIRECTORY_CONFIRMATION_DUE]: DirectoryEntryFreshness;
  [NotificationKind.DIRECTORY_ENTRY_STALE]: DirectoryEntryFreshness;
  [NotificationKind.DIRECTORY_STALE_ESCALATED]: DirectoryEntryFreshness;
  [NotificationKind.COMMUNICATION_CHECK_STARTED]: {
    displayName: string;
    checkId: string;
    networkKey: string;
    networkNameEn: string;
    networkNameRu: string;
    /** ISO 8601. */
    deadline: string;
  };
  [NotificationKind.DIRECTORY_CHANGE_PROPOSED]: DirectoryChange & {
    /** ISO 8601. */
    proposedAt: string;
  };
  [NotificationKind.DIRECTORY_CHANGE_DECIDED]: DirectoryChange & {
    decision: 'approved' | 'rejected';
    /** ISO 8601. */
    decidedAt: string;
  };
  [NotificationKind.DIRECTORY_ENTRY_CHANGED]: {
    displayName: string;
    /** The focal point's entry. */
    entryId: string;
    memberStateCode: string;
    /** What happened to it: a `DirectoryEntryChange` value, e.g. `updated`. */
    entryChange: string;
    /** ISO 8601. */
    changedAt: string;
  };
  /** Someone who shares a network with the recipient replaced their identity key (libs/keys). */
  [NotificationKind.IDENTITY_KEY_CHANGED]: {
    displayName: string;
    /** Whose key changed: their name and account id. */
    personName: string;
    personId: string;
    /** ISO 8601. */
    changedAt: string;
  };
  /** A request addressed to the recipient's state is due soon (at 75 % of its time). */
  [NotificationKind.REQUEST_DUE_SOON]: MessageNotice & { dueAt: string };
  /** Its due date passed without an answer from the recipient's state. */
  [NotificationKind.REQUEST_OVERDUE]: MessageNotice & { dueAt: string };
  /** Nobody of the state acknowledged an urgent or flash message, or a request, in time. */
  [NotificationKind.MESSAGE_ESCALATED]: MessageNotice;
  /** A colleague left the network: their open request passed to the recipient (or, for a coordinator, to the state's others). */
  [NotificationKind.REQUEST_HANDED_OVER]: MessageNotice & { dueAt: string; personName: string };
  /** The Secretariat circulated a draft under silence procedure (to every coordinator). */
  [NotificationKind.SILENCE_PROCEDURE_OPENED]: SilenceProcedureNotice;
  /** A state concurred, broke silence, or withdrew its objection (coordinators and the Secretariat). */
  [NotificationKind.SILENCE_STATEMENT_RECORDED]: SilenceProcedureNotice & {
    memberStateCode: string;
    /** A `SilenceStatementKind` value, e.g. `objection`. */
    statementKind: string;
  };
  /** The Secretariat extended the deadline. */
  [NotificationKind.SILENCE_PROCEDURE_EXTENDED]: SilenceProcedureNotice & {
    /** ISO 8601. */
    previousDeadline: string;
  };
  /** The Secretariat withdrew the procedure. */
  [NotificationKind.SILENCE_PROCEDURE_WITHDRAWN]: SilenceProcedureNotice;
  /** The deadline passed: approved, or not adopted. */
  [NotificationKind.SILENCE_PROCEDURE_CLOSED]: SilenceProcedureNotice & {
    outcome: 'approved' | 'not_adopted';
    /** The codes of the states whose objection or amendment stood, comma-separated; empty if none. */
    brokenBy: string;
  };
  /** A numbered note was issued (libs/workflows/src/notes): to every state's coordinators. */
  [NotificationKind.NOTE_ISSUED]: {
    displayName: string;
    noteId: string;
    /** E.g. `NCT/G/35`. */
    noteReference: string;
    titleEn: string;
    titleRu: string;
    /** A `NoteKind` value, e.g. `silence_outcome`. */
    noteKind: string;
    /** YYYY-MM-DD: its date at the Secretariat's seat. */
    dated: string;
    /** Where the API serves it (Bearer authentication): `/notes/<id>.pdf` and `.md`. */
    pdfPath: string;
    markdownPath: string;
  };
  /** The Secretariat planned an Action Plan activity (to every state's coordinators: joining is voluntary). */
  [NotificationKind.ACTIVITY_PLANNED]: ActivityNotice;
  /** The Secretariat cancelled a planned activity (to the coordinators of the states that joined it). */
  [NotificationKind.ACTIVITY_CANCELLED]: ActivityNotice;
}

/** An Action Plan activity (libs/workflows/src/activities): what the calendar shows of it. */
type ActivityNotice = {
  displayName: string;
  activityId: string;
  /** An `ActivityKind` value, e.g. `seminar`. */
  activityKind: string;
  titleEn: string;
  titleRu: string;
  networkNameEn: string;
  networkNameRu: string;
  /** ISO 8601. */
  startsAt: string;
  /** The IANA zone it is shown in, e.g. `Asia/Almaty`. */
  timeZone: string;
  venue: string | null;
  online: boolean;
};

/** The language of an e-mail: the values of the directory's `Language`. */
export type MailLanguage = 'en' | 'ru';

export const MAIL_LANGUAGES: readonly MailLanguage[] = ['en', 'ru'];
