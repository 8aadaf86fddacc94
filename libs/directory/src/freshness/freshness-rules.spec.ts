import { addDays, freshnessState, FreshnessState } from './freshness-rules';

const due = new Date('2026-07-16T09:00:00Z');
const none = { remindedAt: null, staleSince: null, escalatedAt: null };

describe('freshnessState', () => {
  it('is CURRENT until the reminder lead, DUE_SOON within it, STALE from the due date', () => {
    expect(freshnessState(none, due, addDays(due, -15))).toBe(FreshnessState.CURRENT);
    expect(freshnessState(none, due, addDays(due, -14))).toBe(FreshnessState.DUE_SOON);
    expect(freshnessState(none, due, new Date(due.getTime() - 1))).toBe(FreshnessState.DUE_SOON);
    expect(freshnessState(none, due, due)).toBe(FreshnessState.STALE);
  });

  it('follows the steps the sweep recorded', () => {
    const early = addDays(due, -100);
    expect(freshnessState({ ...none, remindedAt: early }, due, early)).toBe(
      FreshnessState.DUE_SOON,
    );
    expect(freshnessState({ ...none, staleSince: early }, due, early)).toBe(FreshnessState.STALE);
    expect(
      freshnessState({ remindedAt: early, staleSince: early, escalatedAt: early }, due, early),
    ).toBe(FreshnessState.ESCALATED);
  });

  it('counts days as 24 hours, across daylight saving', () => {
    expect(addDays(new Date('2026-03-20T12:00:00Z'), 14).toISOString()).toBe(
      '2026-04-03T12:00:00.000Z',
    );
  });
});
