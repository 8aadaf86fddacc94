import { DomainError } from '@fpn/core';
import { ActivityKind, ActivityStatus } from './entities/activity.entity';
import {
  assertStatusChange,
  validActivityDetails,
  validDocumentUrl,
  validRange,
} from './activity-rules';

const valid = {
  networkKey: 'law-enforcement',
  kind: ActivityKind.SEMINAR,
  titleEn: ' Law-enforcement seminar ',
  titleRu: 'Семинар правоохранительных органов',
  startsAt: new Date('2027-04-14T04:00:00Z'),
  endsAt: new Date('2027-04-15T12:00:00Z'),
  timeZone: 'Asia/Almaty',
  venue: 'Astana, Palace of Peace and Accord',
  online: false,
  hostStateCode: 'kz',
};

function refusal(run: () => unknown): { code: string; details?: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('accepted');
}

describe('activity rules', () => {
  it('normalizes valid details', () => {
    expect(validActivityDetails(valid)).toMatchObject({
      titleEn: 'Law-enforcement seminar',
      hostStateCode: 'KZ',
      timeZone: 'Asia/Almaty',
      online: false,
    });
    expect(
      validActivityDetails({ ...valid, venue: null, online: true, hostStateCode: null }),
    ).toMatchObject({ venue: null, online: true, hostStateCode: null });
  });

  it.each([
    ['endsAt', { endsAt: valid.startsAt }],
    ['endsAt', { endsAt: new Date('2027-06-01T00:00:00Z') }],
    ['timeZone', { timeZone: 'Mars/Olympus' }],
    ['venue', { venue: '  ', online: false }],
    ['titleRu', { titleRu: '' }],
    ['hostStateCode', { hostStateCode: 'KAZ' }],
    ['networkKey', { networkKey: 'Law Enforcement' }],
  ])('refuses a bad %s', (field, change) => {
    expect(refusal(() => validActivityDetails({ ...valid, ...change }))).toEqual({
      code: 'BAD_USER_INPUT',
      details: { field },
    });
  });

  it('bounds the calendar range to about two years', () => {
    const from = new Date('2027-01-01T00:00:00Z');
    expect(validRange(from, new Date('2028-12-31T00:00:00Z'))).toBeTruthy();
    expect(refusal(() => validRange(from, new Date('2029-02-01T00:00:00Z'))).details).toEqual({
      field: 'to',
    });
    expect(refusal(() => validRange(from, from)).details).toEqual({ field: 'to' });
  });

  it('holds an activity only once it has started, and changes a status once', () => {
    const planned = { status: ActivityStatus.PLANNED, startsAt: valid.startsAt };
    const before = new Date('2027-04-14T03:59:59Z');
    expect(refusal(() => assertStatusChange(planned, ActivityStatus.HELD, before))).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'ACTIVITY_NOT_STARTED' },
    });
    expect(() => assertStatusChange(planned, ActivityStatus.HELD, valid.startsAt)).not.toThrow();
    expect(() => assertStatusChange(planned, ActivityStatus.CANCELLED, before)).not.toThrow();
    const held = { ...planned, status: ActivityStatus.HELD };
    expect(
      refusal(() => assertStatusChange(held, ActivityStatus.CANCELLED, valid.startsAt)),
    ).toMatchObject({ code: 'CONFLICT', details: { reason: 'ACTIVITY_NOT_PLANNED' } });
  });

  it('takes http(s) document addresses only', () => {
    expect(validDocumentUrl('https://cica.example/agenda.pdf')).toBe(
      'https://cica.example/agenda.pdf',
    );
    for (const bad of ['javascript:alert(1)', 'https://user:pw@host/x', 'not a url']) {
      expect(refusal(() => validDocumentUrl(bad)).details).toEqual({ field: 'url' });
    }
  });
});
