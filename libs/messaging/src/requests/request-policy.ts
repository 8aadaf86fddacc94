import { DomainError, ErrorCode } from '@fpn/core';
import { MessagePriority } from '../entities/messaging-enums';

/** A network's request deadlines and escalation times, in minutes. */
export interface RequestPolicy {
  urgentDirectMinutes: number;
  urgentIndirectMinutes: number;
  routineMinutes: number;
  flashEscalationMinutes: number;
  urgentEscalationMinutes: number;
  requestEscalationMinutes: number;
}

const HOUR = 60;
const DAY = 24 * HOUR;

/**
 * EU Directive 2023/977 (art. 5): 8 hours for urgent requests for directly
 * accessible information, 3 days for other urgent ones, 7 days otherwise.
 * Escalation: 30 min for flash, 2 h for urgent, a day for a routine request.
 */
export const DEFAULT_REQUEST_POLICY: Readonly<RequestPolicy> = Object.freeze({
  urgentDirectMinutes: 8 * HOUR,
  urgentIndirectMinutes: 3 * DAY,
  routineMinutes: 7 * DAY,
  flashEscalationMinutes: 30,
  urgentEscalationMinutes: 2 * HOUR,
  requestEscalationMinutes: 1 * DAY,
});

/** Longest a deadline may be: a year. */
export const MAX_POLICY_MINUTES = 365 * DAY;

/** Longest an escalation time may be: a week (the escalation sweep looks no further back). */
export const MAX_ESCALATION_MINUTES = 7 * DAY;

const ESCALATION_FIELDS: readonly (keyof RequestPolicy)[] = [
  'flashEscalationMinutes',
  'urgentEscalationMinutes',
  'requestEscalationMinutes',
];

/** The reminder before the due date comes when this share of the time has passed. */
export const REMINDER_AT_SHARE = 0.75;

const MINUTE_MS = 60_000;

/** Flash counts as urgent: both are due sooner. */
export function policyDueDate(
  policy: RequestPolicy,
  priority: MessagePriority,
  directlyAccessible: boolean,
  sentAt: Date,
): Date {
  const urgent = priority !== MessagePriority.ROUTINE;
  const minutes = !urgent
    ? policy.routineMinutes
    : directlyAccessible
      ? policy.urgentDirectMinutes
      : policy.urgentIndirectMinutes;
  return new Date(sentAt.getTime() + minutes * MINUTE_MS);
}

/**
 * The due date of a request sent now: the one the sender signed into the
 * envelope if any (it must lie in the future), else the network's policy.
 */
export function requestDueDate(
  policy: RequestPolicy,
  request: { priority: MessagePriority; directlyAccessible: boolean; signedDueDate: Date | null },
  now: Date,
): { dueAt: Date; chosenBySender: boolean } {
  if (request.signedDueDate) {
    if (request.signedDueDate.getTime() <= now.getTime()) {
      throw new DomainError(ErrorCode.BadUserInput, 'The due date is in the past', {
        field: 'envelope.metadata.dueDate',
        reason: 'DUE_DATE_IN_PAST',
      });
    }
    return { dueAt: request.signedDueDate, chosenBySender: true };
  }
  return {
    dueAt: policyDueDate(policy, request.priority, request.directlyAccessible, now),
    chosenBySender: false,
  };
}

/**
 * How long a state may leave a message unacknowledged before it is raised,
 * or null when it never is (routine traffic that is not a request).
 */
export function escalationMinutes(
  policy: RequestPolicy,
  message: { priority: MessagePriority; isRequest: boolean },
): number | null {
  if (message.priority === MessagePriority.FLASH) return policy.flashEscalationMinutes;
  if (message.priority === MessagePriority.URGENT) return policy.urgentEscalationMinutes;
  return message.isRequest ? policy.requestEscalationMinutes : null;
}

/** SQL for the same rule, over `m` (message), `q` (message_request, left-joined) and policy `p` columns. */
export const ESCALATION_MINUTES_SQL = `CASE m.priority
    WHEN 'flash' THEN coalesce(p.flash_escalation_minutes, ${DEFAULT_REQUEST_POLICY.flashEscalationMinutes})
    WHEN 'urgent' THEN coalesce(p.urgent_escalation_minutes, ${DEFAULT_REQUEST_POLICY.urgentEscalationMinutes})
    ELSE CASE WHEN q.message_id IS NOT NULL
      THEN coalesce(p.request_escalation_minutes, ${DEFAULT_REQUEST_POLICY.requestEscalationMinutes}) END
  END`;

/**
 * Every field a whole number of minutes from 1 to a year (an escalation time:
 * to a week); BAD_USER_INPUT names the first that is not.
 */
export function validatePolicy(policy: RequestPolicy): RequestPolicy {
  for (const [field, value] of Object.entries(policy) as [keyof RequestPolicy, number][]) {
    const max = ESCALATION_FIELDS.includes(field) ? MAX_ESCALATION_MINUTES : MAX_POLICY_MINUTES;
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new DomainError(
        ErrorCode.BadUserInput,
        `${field} is a whole number of minutes from 1 to ${max}`,
        { field },
      );
    }
  }
  return policy;
}
