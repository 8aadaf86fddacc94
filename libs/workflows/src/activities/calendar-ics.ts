import ical, { ICalEventStatus } from 'ical-generator';
import type { ActivityDetails } from './activity-rules';
import { ActivityKind, ActivityStatus } from './entities/activity.entity';
import { vtimezone, wallTime } from './time-zones';

/** What the feed shows of an activity: titles, time, place, status; never anything else. */
export interface CalendarEvent extends Omit<ActivityDetails, 'networkKey'> {
  id: string;
  status: ActivityStatus;
  networkNameEn: string;
  participants: string[];
  version: number;
  updatedAt: Date;
}

/** How often a subscribed calendar application should fetch the feed again. */
export const REFRESH_SECONDS = 3600;

const KIND_EN: Record<ActivityKind, string> = {
  [ActivityKind.MEETING]: 'Meeting',
  [ActivityKind.SEMINAR]: 'Seminar',
  [ActivityKind.TRAINING]: 'Training',
};

const DAY = 86_400_000;
const YEAR = 366 * DAY;

/** LOCATION: the venue, "Online", or both. */
export function locationOf(event: Pick<CalendarEvent, 'venue' | 'online'>): string {
  if (event.venue && event.online) return `${event.venue} / Online`;
  return event.venue ?? 'Online';
}

function descriptionOf(event: CalendarEvent): string {
  return [
    event.titleRu,
    '',
    `${KIND_EN[event.kind]} · ${event.networkNameEn}`,
    event.hostStateCode ? `Host: ${event.hostStateCode}` : null,
    event.participants.length ? `Participating states: ${event.participants.join(', ')}` : null,
  ]
    .filter((line) => line !== null)
    .join('\n');
}

/**
 * An iCalendar (RFC 5545) document of activities: one VEVENT each with a UID
 * that stays the same across fetches, its times in its own zone (with a
 * VTIMEZONE per zone), a summary in English with the Russian title in the
 * description, the place, CONFIRMED or CANCELLED, and when it last changed.
 */
export function buildCalendar(input: {
  name: string;
  /** The host part of every UID, e.g. the public address's host name. */
  uidDomain: string;
  events: CalendarEvent[];
}): string {
  const starts = input.events.map((event) => event.startsAt.getTime());
  const ends = input.events.map((event) => event.endsAt.getTime());
  // The zones' definitions cover every event with a year's margin on either side.
  const window = starts.length
    ? { from: new Date(Math.min(...starts) - YEAR), to: new Date(Math.max(...ends) + YEAR) }
    : null;
  const calendar = ical({
    name: input.name,
    prodId: { company: 'CICA Secretariat', product: 'Focal Points Network', language: 'EN' },
    ttl: REFRESH_SECONDS,
    timezone: {
      name: null,
      generator: (zone: string) => (window ? vtimezone(zone, window.from, window.to) : null),
    },
  });
  for (const event of input.events) {
    calendar.createEvent({
      id: `activity-${event.id}@${input.uidDomain}`,
      sequence: Math.max(0, event.version - 1),
      // ical-generator prints a string's wall-clock fields under TZID (parsed in the process's
      // zone and read back from it: the same fields, except inside that zone's own DST gap).
      start: wallTime(event.startsAt, event.timeZone),
      end: wallTime(event.endsAt, event.timeZone),
      timezone: event.timeZone,
      stamp: event.updatedAt,
      lastModified: event.updatedAt,
      summary: event.titleEn,
      description: descriptionOf(event),
      location: locationOf(event),
      status:
        event.status === ActivityStatus.CANCELLED
          ? ICalEventStatus.CANCELLED
          : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
