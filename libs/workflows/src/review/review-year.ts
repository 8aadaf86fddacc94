import { DomainError, ErrorCode } from '@fpn/core';

/** The first year a review may cover: nothing the network keeps is older. */
export const FIRST_REVIEW_YEAR = 2000;

/** A calendar year at the Secretariat's seat, as the instants [from, to). */
export interface ReviewWindow {
  year: number;
  /** The seat's IANA time zone, e.g. `Asia/Almaty`. */
  timeZone: string;
  from: Date;
  to: Date;
}

const parts = (instant: Date, timeZone: string) => {
  const values = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(values.find((part) => part.type === type)!.value);
  return {
    year: get('year'),
    wallClockAsUtc: Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    ),
  };
};

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return parts(new Date(whole), timeZone).wallClockAsUtc - whole;
}

/** The calendar year at the seat that `instant` falls in. */
export function yearAt(instant: Date, timeZone: string): number {
  return parts(instant, timeZone).year;
}

/** Midnight starting 1 January of `year` in `timeZone`, as an instant. */
export function startOfYearAt(year: number, timeZone: string): Date {
  const wall = Date.UTC(year, 0, 1);
  // Twice: the offset at the first guess may differ from the offset at the answer.
  const guess = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(guess, timeZone));
}

/**
 * The review's window: `year` at the seat, from 1 January 00:00 to the next.
 * A year before FIRST_REVIEW_YEAR or after the seat's current year is
 * BAD_USER_INPUT (`field: year`, `reason: YEAR_OUT_OF_RANGE`).
 */
export function reviewWindow(year: number, timeZone: string, now: Date): ReviewWindow {
  const current = yearAt(now, timeZone);
  if (!Number.isInteger(year) || year < FIRST_REVIEW_YEAR || year > current) {
    throw new DomainError(
      ErrorCode.BadUserInput,
      `A review covers a year from ${FIRST_REVIEW_YEAR} to ${current}`,
      { field: 'year', reason: 'YEAR_OUT_OF_RANGE' },
    );
  }
  return {
    year,
    timeZone,
    from: startOfYearAt(year, timeZone),
    to: startOfYearAt(year + 1, timeZone),
  };
}
