import { DomainError } from '@fpn/core';
import {
  counterYear,
  formatReference,
  isSeriesKey,
  validReferenceFormat,
  validSeriesKey,
} from './note-numbering';

const reasonOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof DomainError ? { code: error.code, ...error.details } : error;
  }
  return undefined;
};

describe('note numbering', () => {
  it('writes a reference from its format', () => {
    expect(formatReference('{series}/{number}', { series: 'NCT/G', number: 35, year: 2026 })).toBe(
      'NCT/G/35',
    );
    expect(
      formatReference('{series}/{year}/{number}', { series: 'SWG', number: 7, year: 2027 }),
    ).toBe('SWG/2027/7');
    expect(
      formatReference('{series}-{number}.{year}', { series: 'A', number: 1, year: 2026 }),
    ).toBe('A-1.2026');
  });

  it('restarts numbers every year only when the reference shows the year', () => {
    expect(counterYear('{series}/{year}/{number}', 2026)).toBe(2026);
    expect(counterYear('{series}/{number}', 2026)).toBe(0);
  });

  it('accepts series keys like NCT/G and refuses others', () => {
    for (const key of ['NCT/G', 'SWG-2026', 'A', 'CICA/SOC/N']) expect(isSeriesKey(key)).toBe(true);
    for (const key of ['', 'nct/g', 'NCT//G', '/G', 'NCT/', 'NCT G', 'N{number}', 'A'.repeat(33)]) {
      expect(isSeriesKey(key)).toBe(false);
    }
    expect(reasonOf(() => validSeriesKey('nct', 'seriesKey'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'seriesKey',
      reason: 'NOTE_SERIES_KEY_INVALID',
    });
  });

  it('refuses reference formats that could repeat or hold markup', () => {
    expect(validReferenceFormat('{series}/{year}/{number}')).toBe('{series}/{year}/{number}');
    for (const format of [
      '',
      '{number}',
      '{series}',
      '{series}/{number}/{number}',
      '{series}/{year}/{year}/{number}',
      '{series}/{nr}',
      '{series}/<{number}>',
      '{series}/{number}*',
      `{series}/{number}/${'x'.repeat(100)}`,
    ]) {
      expect(reasonOf(() => validReferenceFormat(format))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'referenceFormat',
        reason: 'NOTE_REFERENCE_FORMAT_INVALID',
      });
    }
  });
});
