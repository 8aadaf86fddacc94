import { DomainError, ErrorCode } from '@fpn/core';
import {
  badInput,
  optionalLine,
  validLine,
  validNetworkKey,
  validStateCode,
  validTimeZone,
} from '@fpn/directory';
import { ActivityKind, ActivityStatus } from './entities/activity.entity';

/**
 * The rules of Action Plan activities, before anything is read or written:
 * each refusal is BAD_USER_INPUT naming the field, or CONFLICT with a stable
 * `reason` (docs/workflows.md, "Action Plan activities").
 */

export const TITLE_MAX = 300;
export const VENUE_MAX = 300;
/** The longest activity: a training of a few weeks, not a standing programme. */
export const MAX_DURATION_DAYS = 31;
/** The widest calendar query (about two years). */
export const MAX_RANGE_DAYS = 731;

const DAY = 86_400_000;

/** The details as stored: trimmed, normalized, checked against each other. */
export interface ActivityDetails {
  networkKey: string;
  kind: ActivityKind;
  titleEn: string;
  titleRu: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  venue: string | null;
  online: boolean;
  hostStateCode: string | null;
}

/** The details as given: the place and the host may be left out. */
export type ActivityDetailsInput = Omit<ActivityDetails, 'venue' | 'online' | 'hostStateCode'> & {
  venue?: string | null;
  online?: boolean | null;
  hostStateCode?: string | null;
};

function validInstant(value: Date, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw badInput(field, `${field} must be a date and time`);
  }
  const year = value.getUTCFullYear();
  if (year < 2000 || year > 2100) throw badInput(field, `${field} must be between 2000 and 2100`);
  return value;
}

export function validActivityDetails(input: ActivityDetailsInput): ActivityDetails {
  if (!Object.values(ActivityKind).includes(input.kind)) {
    throw badInput('kind', 'kind must be MEETING, SEMINAR or TRAINING');
  }
  const startsAt = validInstant(input.startsAt, 'startsAt');
  const endsAt = validInstant(input.endsAt, 'endsAt');
  if (endsAt <= startsAt) throw badInput('endsAt', 'An activity ends after it starts');
  if (endsAt.getTime() - startsAt.getTime() > MAX_DURATION_DAYS * DAY) {
    throw badInput('endsAt', `An activity lasts at most ${MAX_DURATION_DAYS} days`);
  }
  const venue = optionalLine(input.venue, 'venue', VENUE_MAX);
  const online = input.online ?? false;
  if (!venue && !online) {
    throw badInput('venue', 'Give a venue, or say that the activity is online (or both)');
  }
  return {
    networkKey: validNetworkKey(input.networkKey),
    kind: input.kind,
    titleEn: validLine(input.titleEn, 'titleEn', { max: TITLE_MAX }),
    titleRu: validLine(input.titleRu, 'titleRu', { max: TITLE_MAX }),
    startsAt,
    endsAt,
    timeZone: validTimeZone(input.timeZone, 'timeZone'),
    venue,
    online,
    hostStateCode: input.hostStateCode?.trim()
      ? validStateCode(input.hostStateCode, 'hostStateCode')
      : null,
  };
}

/** A calendar range: `to` after `from`, at most about two years apart. */
export function validRange(from: Date, to: Date): { from: Date; to: Date } {
  validInstant(from, 'from');
  validInstant(to, 'to');
  if (to <= from) throw badInput('to', '`to` must be after `from`');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY) {
    throw badInput('to', `A calendar range spans at most ${MAX_RANGE_DAYS} days`);
  }
  return { from, to };
}

/** Only a planned activity is edited, or changes its participants. */
export function assertPlanned(status: ActivityStatus): void {
  if (status !== ActivityStatus.PLANNED) {
    throw new DomainError(ErrorCode.Conflict, `The activity is ${status}, no longer planned`, {
      reason: 'ACTIVITY_NOT_PLANNED',
      status: status.toUpperCase(),
    });
  }
}

/**
 * planned → held (once it has started, by the clock) or cancelled. Anything
 * else is refused: a recorded outcome is not rewritten.
 */
export function assertStatusChange(
  activity: { status: ActivityStatus; startsAt: Date },
  next: ActivityStatus,
  now: Date,
): void {
  if (next === ActivityStatus.PLANNED) {
    throw badInput('status', 'An activity is set HELD or CANCELLED');
  }
  assertPlanned(activity.status);
  if (next === ActivityStatus.HELD && now < activity.startsAt) {
    throw new DomainError(ErrorCode.Conflict, 'An activity is held only once it has started', {
      reason: 'ACTIVITY_NOT_STARTED',
      startsAt: activity.startsAt.toISOString(),
    });
  }
}

/** A document's address: http or https, no credentials in it. */
export function validDocumentUrl(value: string): string {
  const text = validLine(value, 'url', { max: 2000 });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badInput('url', 'url must be an http:// or https:// address');
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
    throw badInput('url', 'url must be an http:// or https:// address without credentials');
  }
  return url.toString();
}
