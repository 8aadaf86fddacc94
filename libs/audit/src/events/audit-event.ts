/**
 * Security events the audit log records. Stored as text (not a PostgreSQL
 * enum), so a later issue adds its events here without a migration.
 */
export enum AuditEventType {
  LOGIN_SUCCEEDED = 'LOGIN_SUCCEEDED',
  LOGIN_FAILED = 'LOGIN_FAILED',
  LOGOUT = 'LOGOUT',
  MFA_ENROLLED = 'MFA_ENROLLED',
  MFA_REMOVED = 'MFA_REMOVED',
  MFA_SUCCEEDED = 'MFA_SUCCEEDED',
  MFA_FAILED = 'MFA_FAILED',
  MFA_RECOVERY_CODE_USED = 'MFA_RECOVERY_CODE_USED',
  REFRESH_TOKEN_REUSED = 'REFRESH_TOKEN_REUSED',
  SESSION_REVOKED = 'SESSION_REVOKED',
  ACCOUNT_CREATED = 'ACCOUNT_CREATED',
  ACCOUNT_ACTIVATED = 'ACCOUNT_ACTIVATED',
  ACCOUNT_SUSPENDED = 'ACCOUNT_SUSPENDED',
  ACCOUNT_REACTIVATED = 'ACCOUNT_REACTIVATED',
  ACCOUNT_LOCKED = 'ACCOUNT_LOCKED',
  ACCOUNT_UNLOCKED = 'ACCOUNT_UNLOCKED',
  ROLE_CHANGED = 'ROLE_CHANGED',
  CREDENTIAL_PASSWORD_CHANGED = 'CREDENTIAL_PASSWORD_CHANGED',
  CREDENTIAL_PASSWORD_RESET = 'CREDENTIAL_PASSWORD_RESET',
  CREDENTIAL_KEY_ISSUED = 'CREDENTIAL_KEY_ISSUED',
  CREDENTIAL_KEY_REVOKED = 'CREDENTIAL_KEY_REVOKED',
  CREDENTIAL_KEY_ROTATED = 'CREDENTIAL_KEY_ROTATED',
  API_CREDENTIAL_REJECTED = 'API_CREDENTIAL_REJECTED',
  AUTHORIZATION_DENIED = 'AUTHORIZATION_DENIED',
  INVITATION_REFUSED = 'INVITATION_REFUSED',
  ACCESS_RESET = 'ACCESS_RESET',
  // The directory's paper trail (libs/directory/src/changes).
  DIRECTORY_CHANGE_PROPOSED = 'DIRECTORY_CHANGE_PROPOSED',
  DIRECTORY_CHANGE_WITHDRAWN = 'DIRECTORY_CHANGE_WITHDRAWN',
  DIRECTORY_CHANGE_APPROVED = 'DIRECTORY_CHANGE_APPROVED',
  DIRECTORY_CHANGE_REJECTED = 'DIRECTORY_CHANGE_REJECTED',
  /** An approval refused because the world changed since the proposal; nothing was applied. */
  DIRECTORY_CHANGE_APPROVAL_FAILED = 'DIRECTORY_CHANGE_APPROVAL_FAILED',
  DIRECTORY_ENTRY_EDITED = 'DIRECTORY_ENTRY_EDITED',
  DIRECTORY_ENTRY_SUSPENDED = 'DIRECTORY_ENTRY_SUSPENDED',
  DIRECTORY_ENTRY_RETIRED = 'DIRECTORY_ENTRY_RETIRED',
  DIRECTORY_ENTRY_REACTIVATED = 'DIRECTORY_ENTRY_REACTIVATED',
  NETWORK_CREATED = 'NETWORK_CREATED',
  NETWORK_UPDATED = 'NETWORK_UPDATED',
  REQUEST_INFORMATION_CHANGED = 'REQUEST_INFORMATION_CHANGED',
  DIRECTORY_ENTRY_CONFIRMED = 'DIRECTORY_ENTRY_CONFIRMED',
  DIRECTORY_CONFIRMATION_REMINDED = 'DIRECTORY_CONFIRMATION_REMINDED',
  DIRECTORY_ENTRY_MARKED_STALE = 'DIRECTORY_ENTRY_MARKED_STALE',
  DIRECTORY_STALE_ESCALATED = 'DIRECTORY_STALE_ESCALATED',
  COMMUNICATION_CHECK_STARTED = 'COMMUNICATION_CHECK_STARTED',
  COMMUNICATION_CHECK_ACKNOWLEDGED = 'COMMUNICATION_CHECK_ACKNOWLEDGED',
  COMMUNICATION_CHECK_CLOSED = 'COMMUNICATION_CHECK_CLOSED',
  // Reading the directory (libs/directory/src/export, libs/directory/src/synthetic).
  /** A roster left the system as a CSV file: who, with which filter, how many entries. */
  DIRECTORY_EXPORTED = 'DIRECTORY_EXPORTED',
  /** The synthetic roster generator wrote entries (test and benchmark databases only). */
  DIRECTORY_SYNTHETIC_SEEDED = 'DIRECTORY_SYNTHETIC_SEEDED',
  // The key directory (libs/keys): public keys only.
  IDENTITY_KEY_REGISTERED = 'IDENTITY_KEY_REGISTERED',
  /** A confirmed key change: the old key kept (replaced), its devices revoked, contacts told. */
  IDENTITY_KEY_CHANGED = 'IDENTITY_KEY_CHANGED',
  DEVICE_REGISTERED = 'DEVICE_REGISTERED',
  DEVICE_REVOKED = 'DEVICE_REVOKED',
  /** A key backup published (certificate verified against the identity key); it becomes current. */
  KEY_BACKUP_PUBLISHED = 'KEY_BACKUP_PUBLISHED',
  /** Sealed entries appended to a key backup: one entry per call, with the count. */
  KEY_BACKUP_ENTRIES_APPENDED = 'KEY_BACKUP_ENTRIES_APPENDED',
  // Messaging (libs/messaging): metadata only, never content.
  /** A message accepted: ids, thread, visible metadata, how many accounts and devices. */
  MESSAGE_SENT = 'MESSAGE_SENT',
  /** A person acknowledged a message (the first time): what escalation waits for. */
  MESSAGE_ACKNOWLEDGED = 'MESSAGE_ACKNOWLEDGED',
  /** An operator queued failed message deliveries again: how many. */
  MESSAGE_DELIVERIES_RETRIED = 'MESSAGE_DELIVERIES_RETRIED',
  /** Someone fetched an attachment's encrypted blob (or a range of it): which, for which message. */
  ATTACHMENT_DOWNLOADED = 'ATTACHMENT_DOWNLOADED',
  /** A request for assistance was sent: its due date, the states addressed. */
  REQUEST_OPENED = 'REQUEST_OPENED',
  /** A state answered a request (a reply flagged as the answer). */
  REQUEST_ANSWERED = 'REQUEST_ANSWERED',
  /** The sender closed a request. */
  REQUEST_CLOSED = 'REQUEST_CLOSED',
  /** A state was reminded of a request: before its due date, or at it. */
  REQUEST_REMINDED = 'REQUEST_REMINDED',
  /** A message nobody of a state acknowledged in time was raised to its alternates and coordinators. */
  MESSAGE_ESCALATED = 'MESSAGE_ESCALATED',
  /** A person left the network: their open request passed to their state's others. */
  REQUEST_HANDED_OVER = 'REQUEST_HANDED_OVER',
  /** The Secretariat set a network's request deadlines and escalation times. */
  REQUEST_POLICY_CHANGED = 'REQUEST_POLICY_CHANGED',
  /** A ministry system registered a webhook (docs/webhooks.md): its id, never the secret. */
  WEBHOOK_REGISTERED = 'WEBHOOK_REGISTERED',
  /** A ministry system deleted one of its webhooks. */
  WEBHOOK_DELETED = 'WEBHOOK_DELETED',
  /** An operator queued failed webhook deliveries again: how many. */
  WEBHOOK_DELIVERIES_RETRIED = 'WEBHOOK_DELIVERIES_RETRIED',
  // Numbered notes (libs/workflows/src/notes).
  /** A numbered note was issued (or one numbered elsewhere registered): series, reference, kind. */
  NOTE_ISSUED = 'NOTE_ISSUED',
  /** The Secretariat created a note series. */
  NOTE_SERIES_CREATED = 'NOTE_SERIES_CREATED',
  // Silence procedures (libs/workflows/src/procedures).
  /** The Secretariat circulated a draft under silence procedure: title, deadline and zone. */
  SILENCE_PROCEDURE_OPENED = 'SILENCE_PROCEDURE_OPENED',
  /** A coordinator made a statement for their state: its kind, the standing before and after. */
  SILENCE_STATEMENT_RECORDED = 'SILENCE_STATEMENT_RECORDED',
  /** The Secretariat extended a procedure's deadline: the old and new deadlines. */
  SILENCE_PROCEDURE_EXTENDED = 'SILENCE_PROCEDURE_EXTENDED',
  /** The Secretariat withdrew a procedure. */
  SILENCE_PROCEDURE_WITHDRAWN = 'SILENCE_PROCEDURE_WITHDRAWN',
  /** The sweep closed a procedure at its deadline: approved, or not adopted and by whom. */
  SILENCE_PROCEDURE_CLOSED = 'SILENCE_PROCEDURE_CLOSED',
  // Action Plan activities and their calendar feeds (libs/workflows/src/activities).
  /** The Secretariat entered an activity: network, kind, title, dates, zone, place, host. */
  ACTIVITY_CREATED = 'ACTIVITY_CREATED',
  /** The Secretariat replaced an activity's details: the new version and details. */
  ACTIVITY_UPDATED = 'ACTIVITY_UPDATED',
  /** An activity was recorded as held, or cancelled: from and to. */
  ACTIVITY_STATUS_CHANGED = 'ACTIVITY_STATUS_CHANGED',
  ACTIVITY_DOCUMENT_ADDED = 'ACTIVITY_DOCUMENT_ADDED',
  ACTIVITY_DOCUMENT_REMOVED = 'ACTIVITY_DOCUMENT_REMOVED',
  /** A state joined an activity (its coordinator, or the Secretariat for it). */
  ACTIVITY_JOINED = 'ACTIVITY_JOINED',
  /** A state withdrew from a planned activity. */
  ACTIVITY_LEFT = 'ACTIVITY_LEFT',
  /** Someone made a calendar feed address for themselves: its id and network, never the token. */
  CALENDAR_FEED_CREATED = 'CALENDAR_FEED_CREATED',
  CALENDAR_FEED_REVOKED = 'CALENDAR_FEED_REVOKED',
  // The yearly review (libs/workflows/src/review).
  /** A yearly review left the system as a file: who, which year and network, CSV or PDF. */
  YEARLY_REVIEW_EXPORTED = 'YEARLY_REVIEW_EXPORTED',
}

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type AuditDetails = { [key: string]: JsonValue };

/** What a caller records; the time comes from the injected clock. */
export interface AuditEvent {
  type: AuditEventType;
  /** The user who acted; null when nobody is signed in (e.g. a failed login). */
  actorId?: string | null;
  actorRole?: string | null;
  /** What the event is about, e.g. `user` and its id. */
  subjectType?: string | null;
  subjectId?: string | null;
  /** ISO 3166-1 alpha-2 code of the member state concerned. */
  memberState?: string | null;
  ip?: string | null;
  requestId?: string | null;
  /** Context for a reader. Never secrets: keys that name one are refused. */
  details?: AuditDetails;
}

/** An event as stored: every field present, with the time it happened. */
export interface RecordedAuditEvent {
  type: string;
  actorId: string | null;
  actorRole: string | null;
  subjectType: string | null;
  subjectId: string | null;
  memberState: string | null;
  ip: string | null;
  requestId: string | null;
  details: AuditDetails;
  occurredAt: Date;
}
