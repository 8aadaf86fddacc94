import { DomainError } from '@fpn/core';
import { ContactChannelKind } from '../focal-points/focal-point.entity';
import {
  validContactChannels,
  validEmail,
  validLanguages,
  validLine,
  validNetworkKey,
  validPhone,
  validReason,
  validTimeZone,
} from './directory-validation';

/** The code and field of the error `run` throws. */
function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.details?.field };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('directory input checks', () => {
  it('accepts IANA time zones in their canonical spelling and refuses others', () => {
    expect(validTimeZone('Asia/Almaty', 'timeZone')).toBe('Asia/Almaty');
    expect(validTimeZone('asia/tashkent', 'timeZone')).toBe('Asia/Tashkent');
    expect(validTimeZone('UTC', 'timeZone')).toBe('UTC');
    for (const zone of ['Mars/Olympus_Mons', '+05:00', 'Asia/Almaty; DROP', '', 'A'.repeat(70)]) {
      expect(refusal(() => validTimeZone(zone, 'x.timeZone'))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'x.timeZone',
      });
    }
  });

  it('takes ISO 639-1 codes, lower-cased and without duplicates', () => {
    expect(validLanguages(['RU', 'kk', 'ru', ' en '], 'languages')).toEqual(['ru', 'kk', 'en']);
    expect(refusal(() => validLanguages(['ru', 'xx'], 'languages')).field).toBe('languages');
    expect(refusal(() => validLanguages(['rus'], 'languages')).field).toBe('languages');
    expect(refusal(() => validLanguages([], 'languages')).field).toBe('languages');
  });

  it('checks e-mail addresses and international phone numbers', () => {
    expect(validEmail(' Duty.Desk@MVD.gov.kz ', 'e')).toBe('duty.desk@mvd.gov.kz');
    for (const bad of [
      'duty desk@mvd.kz',
      'no-at-sign',
      'a@b',
      'a@-b.kz',
      `${'a'.repeat(65)}@b.kz`,
    ]) {
      expect(refusal(() => validEmail(bad, 'e')).code).toBe('BAD_USER_INPUT');
    }
    expect(validPhone('+7 (7172) 74-12-34', 'p')).toBe('+77172741234');
    for (const bad of [
      '87172741234',
      '+7 7172 ext 5',
      '+12',
      '+0 123 456 789',
      '+1234567890123456',
    ]) {
      expect(refusal(() => validPhone(bad, 'p')).code).toBe('BAD_USER_INPUT');
    }
  });

  it('names the contact channel that is wrong', () => {
    const channels = [
      { kind: ContactChannelKind.EMAIL, value: 'desk@police.kz', note: ' duty desk ' },
      { kind: ContactChannelKind.PHONE, value: 'call me' },
    ];
    expect(refusal(() => validContactChannels(channels, 'addFocalPoint.contactChannels'))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'addFocalPoint.contactChannels[1].value',
    });
    expect(validContactChannels(channels.slice(0, 1), 'c')).toEqual([
      { kind: 'email', value: 'desk@police.kz', note: 'duty desk' },
    ]);
    expect(refusal(() => validContactChannels([channels[0], channels[0]], 'c')).field).toBe('c[1]');
  });

  it('counts lengths in characters, so Cyrillic counts like Latin', () => {
    expect(validLine('Я'.repeat(200), 'fullName', { max: 200 })).toHaveLength(200);
    expect(refusal(() => validLine('Я'.repeat(201), 'fullName', { max: 200 })).field).toBe(
      'fullName',
    );
    expect(refusal(() => validLine('two\nlines', 'title', { max: 300 })).field).toBe('title');
  });

  it('wants a reason of 3 to 1000 characters and a slug for a network key', () => {
    expect(validReason('  New head of the duty desk  ')).toBe('New head of the duty desk');
    expect(refusal(() => validReason('ok')).field).toBe('reason');
    expect(refusal(() => validReason('x'.repeat(1001))).field).toBe('reason');
    expect(validNetworkKey('cyber-crime')).toBe('cyber-crime');
    for (const bad of ['Cyber', 'cyber_crime', '-cyber', 'c', 'cyber--crime']) {
      expect(refusal(() => validNetworkKey(bad)).field).toBe('networkKey');
    }
  });
});
