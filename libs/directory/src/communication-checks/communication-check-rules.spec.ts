import { DomainError } from '@fpn/core';
import { CheckOutcome } from './communication-check-result.entity';
import {
  acceptsLateUntil,
  PENDING,
  stateOutcome,
  validDeadline,
} from './communication-check-rules';

const now = new Date('2026-01-15T09:00:00Z');

describe('communication check rules', () => {
  it('takes a deadline in the future, at most 30 days ahead', () => {
    const inAWeek = new Date('2026-01-22T09:00:00Z');
    expect(validDeadline(inAWeek, now)).toBe(inAWeek);
    expect(validDeadline(new Date('2026-02-14T09:00:00Z'), now)).toEqual(
      new Date('2026-02-14T09:00:00Z'),
    );
    for (const bad of ['2026-01-15T09:00:00Z', '2026-01-01T00:00:00Z', '2026-02-14T09:00:01Z']) {
      let error: unknown;
      try {
        validDeadline(new Date(bad), now);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details).toEqual({ field: 'deadline' });
    }
    expect(() => validDeadline(new Date('not a date'), now)).toThrow(DomainError);
  });

  it('takes late acknowledgements for seven days after the deadline', () => {
    expect(acceptsLateUntil(now).toISOString()).toBe('2026-01-22T09:00:00.000Z');
  });

  it('finds a state reachable when one focal point acknowledged in time', () => {
    const counts = (acknowledgedInTime: number, acknowledgedLate: number) => ({
      acknowledgedInTime,
      acknowledgedLate,
    });
    expect(stateOutcome(counts(1, 0), false)).toBe(CheckOutcome.ACKNOWLEDGED);
    expect(stateOutcome(counts(1, 3), true)).toBe(CheckOutcome.ACKNOWLEDGED);
    expect(stateOutcome(counts(0, 0), false)).toBe(PENDING);
    expect(stateOutcome(counts(0, 2), true)).toBe(CheckOutcome.LATE);
    expect(stateOutcome(counts(0, 0), true)).toBe(CheckOutcome.SILENT);
  });
});
