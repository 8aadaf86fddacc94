import { ActivityKind, ActivityStatus } from './entities/activity.entity';
import { buildCalendar, type CalendarEvent, locationOf } from './calendar-ics';
import { vtimezone, wallTime } from './time-zones';
// node-ical has no types of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeIcal = require('node-ical') as {
  sync: { parseICS(text: string): Record<string, Record<string, unknown>> };
};

const seminar: CalendarEvent = {
  id: '11111111-1111-4111-8111-111111111111',
  kind: ActivityKind.SEMINAR,
  status: ActivityStatus.PLANNED,
  titleEn: 'Law-enforcement seminar',
  titleRu: 'Семинар правоохранительных органов',
  startsAt: new Date('2027-04-14T04:00:00Z'),
  endsAt: new Date('2027-04-15T12:00:00Z'),
  timeZone: 'Asia/Tashkent',
  venue: 'Tashkent, Hotel Uzbekistan',
  online: false,
  hostStateCode: 'UZ',
  networkNameEn: 'Law enforcement',
  participants: ['KZ', 'UZ'],
  version: 2,
  updatedAt: new Date('2027-01-10T09:30:00Z'),
};

describe('calendar documents', () => {
  it('writes wall-clock times in the activity’s zone', () => {
    expect(wallTime(seminar.startsAt, 'Asia/Tashkent')).toBe('2027-04-14T09:00:00');
    expect(wallTime(seminar.startsAt, 'Europe/Moscow')).toBe('2027-04-14T07:00:00');
  });

  it('defines a zone with its changes of offset', () => {
    const berlin = vtimezone(
      'Europe/Berlin',
      new Date('2027-01-01T00:00:00Z'),
      new Date('2027-12-31T00:00:00Z'),
    );
    expect(berlin).toContain('TZID:Europe/Berlin');
    // Summer time starts on 28 March 2027 at 02:00 local (01:00 UTC) and ends on 31 October.
    expect(berlin).toContain(
      'BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200',
    );
    expect(berlin).toContain('DTSTART:20271031T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100');
  });

  it('parses back with the same instants, texts, place and status', () => {
    const online: CalendarEvent = {
      ...seminar,
      id: '22222222-2222-4222-8222-222222222222',
      kind: ActivityKind.MEETING,
      status: ActivityStatus.CANCELLED,
      titleEn: 'Meeting of experts',
      titleRu: 'Совещание экспертов',
      startsAt: new Date('2027-05-20T06:00:00Z'),
      endsAt: new Date('2027-05-20T08:00:00Z'),
      timeZone: 'Asia/Almaty',
      venue: null,
      online: true,
      participants: [],
    };
    const text = buildCalendar({
      name: 'CICA — Law enforcement',
      uidDomain: 'fpn.example.org',
      events: [seminar, online],
    });
    const parsed = Object.values(nodeIcal.sync.parseICS(text)).filter(
      (item) => item.type === 'VEVENT',
    );
    expect(parsed).toHaveLength(2);
    const [first, second] = parsed;
    expect(first).toMatchObject({
      uid: `activity-${seminar.id}@fpn.example.org`,
      summary: 'Law-enforcement seminar',
      location: 'Tashkent, Hotel Uzbekistan',
      status: 'CONFIRMED',
    });
    expect((first.start as Date).toISOString()).toBe('2027-04-14T04:00:00.000Z');
    expect((first.end as Date).toISOString()).toBe('2027-04-15T12:00:00.000Z');
    expect(first.description).toContain('Семинар правоохранительных органов');
    expect(second).toMatchObject({
      summary: 'Meeting of experts',
      location: 'Online',
      status: 'CANCELLED',
    });
    expect((second.start as Date).toISOString()).toBe('2027-05-20T06:00:00.000Z');
    expect(text).toContain('DTSTART;TZID=Asia/Tashkent:20270414T090000');
    expect(text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H');
    expect(text).toContain('X-WR-CALNAME:CICA — Law enforcement');
    expect(text).toContain('LAST-MODIFIED:20270110T093000Z');
  });

  it('names both places when an activity is in a venue and online', () => {
    expect(locationOf({ venue: 'Astana', online: true })).toBe('Astana / Online');
  });
});
