/**
 * Wall-clock times and VTIMEZONE definitions from the IANA data Node.js
 * carries (Intl), so the calendar names each activity's own zone and a
 * calendar application needs nothing else to place it.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

interface WallParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  /** Minutes east of UTC. */
  offset: number;
}

function partsOf(instant: Date, zone: string): WallParts {
  const parts = Object.fromEntries(
    formatterOf(zone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  ) as Record<string, string>;
  // "GMT", "GMT+05:00", "GMT-03:30"
  const match = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(parts.timeZoneName ?? '');
  const offset = match?.[1]
    ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]))
    : 0;
  return { ...(parts as unknown as WallParts), offset };
}

/** The wall-clock time of `instant` in `zone`, as `YYYY-MM-DDTHH:mm:ss` (no offset). */
export function wallTime(instant: Date, zone: string): string {
  const p = partsOf(instant, zone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/** Minutes east of UTC in `zone` at `instant`. */
export const offsetMinutes = (instant: Date, zone: string) => partsOf(instant, zone).offset;

const icsOffset = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
};

/** Local time `instant` shown in the offset before it, in iCalendar's basic format. */
const icsLocal = (instant: Date, offset: number) =>
  new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 19).replace(/[-:]/g, '');

const WEEK = 7 * 86_400_000;

/**
 * A VTIMEZONE for `zone` valid from `from` to `to`: its offset at `from`, then
 * one observance per change of offset in between (found week by week — no
 * zone changes twice in a week — then to the minute), each with an explicit
 * DTSTART: no rules to interpret.
 */
export function vtimezone(zone: string, from: Date, to: Date): string {
  const first = offsetMinutes(from, zone);
  const observance = (
    kind: 'STANDARD' | 'DAYLIGHT',
    at: Date,
    fromOffset: number,
    toOffset: number,
  ) =>
    [
      `BEGIN:${kind}`,
      `DTSTART:${icsLocal(at, fromOffset)}`,
      `TZOFFSETFROM:${icsOffset(fromOffset)}`,
      `TZOFFSETTO:${icsOffset(toOffset)}`,
      `END:${kind}`,
    ].join('\r\n');
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`, observance('STANDARD', from, first, first)];
  let previous = first;
  for (let step = from.getTime() + WEEK; step <= to.getTime() + WEEK; step += WEEK) {
    const offset = offsetMinutes(new Date(step), zone);
    if (offset === previous) continue;
    // The change lies within the last week: narrow it down to the minute.
    let low = step - WEEK;
    let high = step;
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000;
      if (offsetMinutes(new Date(middle), zone) === previous) low = middle;
      else high = middle;
    }
    lines.push(
      observance(offset > previous ? 'DAYLIGHT' : 'STANDARD', new Date(high), previous, offset),
    );
    previous = offset;
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
