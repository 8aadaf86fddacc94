import { DomainError } from '@fpn/core';
import { MessagePriority } from '../entities/messaging-enums';
import {
  DEFAULT_REQUEST_POLICY,
  escalationMinutes,
  requestDueDate,
  validatePolicy,
} from './request-policy';
import { requestStateStatus, RequestStateStatus } from './request-status';

const NOW = new Date('2026-03-02T08:00:00Z');
const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000);

describe('request due dates', () => {
  it.each([
    [MessagePriority.URGENT, true, 8],
    [MessagePriority.FLASH, true, 8],
    [MessagePriority.URGENT, false, 72],
    [MessagePriority.ROUTINE, true, 168],
    [MessagePriority.ROUTINE, false, 168],
  ])('%s, directly accessible %s: due after %i h', (priority, directlyAccessible, h) => {
    expect(
      requestDueDate(
        DEFAULT_REQUEST_POLICY,
        { priority, directlyAccessible, signedDueDate: null },
        NOW,
      ),
    ).toEqual({ dueAt: hours(h), chosenBySender: false });
  });

  it('keeps a future due date the sender signed', () => {
    const signed = hours(30);
    expect(
      requestDueDate(
        DEFAULT_REQUEST_POLICY,
        { priority: MessagePriority.ROUTINE, directlyAccessible: false, signedDueDate: signed },
        NOW,
      ),
    ).toEqual({ dueAt: signed, chosenBySender: true });
  });

  it('refuses a due date in the past', () => {
    expect(() =>
      requestDueDate(
        DEFAULT_REQUEST_POLICY,
        { priority: MessagePriority.URGENT, directlyAccessible: true, signedDueDate: hours(-1) },
        NOW,
      ),
    ).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ reason: 'DUE_DATE_IN_PAST' }) }),
    );
  });
});

describe('escalation times', () => {
  it('flash 30 min, urgent 2 h, a routine request a day, other routine traffic never', () => {
    const p = DEFAULT_REQUEST_POLICY;
    expect(escalationMinutes(p, { priority: MessagePriority.FLASH, isRequest: false })).toBe(30);
    expect(escalationMinutes(p, { priority: MessagePriority.URGENT, isRequest: true })).toBe(120);
    expect(escalationMinutes(p, { priority: MessagePriority.ROUTINE, isRequest: true })).toBe(1440);
    expect(
      escalationMinutes(p, { priority: MessagePriority.ROUTINE, isRequest: false }),
    ).toBeNull();
  });

  it('refuses a policy with a time that is not a positive whole number of minutes', () => {
    expect(() => validatePolicy({ ...DEFAULT_REQUEST_POLICY, routineMinutes: 0 })).toThrow(
      DomainError,
    );
    expect(() => validatePolicy({ ...DEFAULT_REQUEST_POLICY, urgentDirectMinutes: 1.5 })).toThrow(
      expect.objectContaining({ details: { field: 'urgentDirectMinutes' } }),
    );
  });
});

describe('per-state status', () => {
  const request = { dueAt: hours(8), closedAt: null };
  it('open, acknowledged, overdue, answered, closed', () => {
    const none = { answeredAt: null, acknowledgedAt: null };
    expect(requestStateStatus(none, request, NOW)).toBe(RequestStateStatus.OPEN);
    expect(requestStateStatus({ ...none, acknowledgedAt: NOW }, request, NOW)).toBe(
      RequestStateStatus.ACKNOWLEDGED,
    );
    expect(requestStateStatus({ ...none, acknowledgedAt: NOW }, request, hours(9))).toBe(
      RequestStateStatus.OVERDUE,
    );
    expect(requestStateStatus({ ...none, answeredAt: hours(10) }, request, hours(11))).toBe(
      RequestStateStatus.ANSWERED,
    );
    expect(requestStateStatus(none, { ...request, closedAt: hours(9) }, hours(10))).toBe(
      RequestStateStatus.CLOSED,
    );
  });
});
