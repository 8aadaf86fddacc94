import { DomainError } from '@fpn/core';
import { reviewWindow, startOfYearAt, yearAt } from './review-year';

describe('the review year at the seat', () => {
  it('starts at midnight in Astana (UTC+5 since 2024), not at midnight UTC', () => {
    expect(startOfYearAt(2026, 'Asia/Almaty').toISOString()).toBe('2025-12-31T19:00:00.000Z');
    expect(startOfYearAt(2026, 'UTC').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(startOfYearAt(2026, 'America/New_York').toISOString()).toBe('2026-01-01T05:00:00.000Z');
  });

  it('follows a zone whose offset changed: Almaty was UTC+6 until March 2024', () => {
    expect(startOfYearAt(2024, 'Asia/Almaty').toISOString()).toBe('2023-12-31T18:00:00.000Z');
    expect(startOfYearAt(2025, 'Asia/Almaty').toISOString()).toBe('2024-12-31T19:00:00.000Z');
  });

  it('places an instant in the seat’s year', () => {
    expect(yearAt(new Date('2025-12-31T19:30:00Z'), 'Asia/Almaty')).toBe(2026);
    expect(yearAt(new Date('2025-12-31T18:59:59Z'), 'Asia/Almaty')).toBe(2025);
  });

  it('covers [1 January, next 1 January) and refuses years out of range', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    expect(reviewWindow(2025, 'Asia/Almaty', now)).toEqual({
      year: 2025,
      timeZone: 'Asia/Almaty',
      from: new Date('2024-12-31T19:00:00Z'),
      to: new Date('2025-12-31T19:00:00Z'),
    });
    for (const year of [1999, 2027, 2025.5]) {
      let error: unknown;
      try {
        reviewWindow(year, 'Asia/Almaty', now);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details).toEqual({
        field: 'year',
        reason: 'YEAR_OUT_OF_RANGE',
      });
    }
  });
});
