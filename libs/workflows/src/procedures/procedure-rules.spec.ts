import { DomainError } from '@fpn/core';
import { SilenceProcedureStatus, SilenceStanding, SilenceStatementKind } from './procedure-kinds';
import {
  assertOpen,
  latestByState,
  outcomeOf,
  standingOf,
  statementReason,
  validExtension,
  validOpeningDeadline,
  validTimeZone,
} from './procedure-rules';

const NOW = new Date('2026-12-01T08:00:00Z');
const HOUR = 3_600_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const { CONCURRENCE, OBJECTION, AMENDMENT, WITHDRAWAL } = SilenceStatementKind;

/** The error a call throws, with its code and details. */
function refusal(call: () => unknown): { code: string; details?: Record<string, unknown> } {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('silence procedure rules', () => {
  it('takes IANA time zones as given, nothing else', () => {
    expect(validTimeZone('Asia/Almaty')).toBe('Asia/Almaty');
    expect(validTimeZone('UTC')).toBe('UTC');
    expect(validTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(validTimeZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    for (const zone of ['Mars/Olympus', '+05:00', '', 'Asia/Almaty; DROP', 'Europe/']) {
      expect(refusal(() => validTimeZone(zone))).toEqual({
        code: 'BAD_USER_INPUT',
        details: { field: 'deadlineTimeZone', reason: 'UNKNOWN_TIME_ZONE' },
      });
    }
  });

  it('wants a deadline after now and at most 366 days ahead', () => {
    expect(validOpeningDeadline(at(HOUR), NOW)).toEqual(at(HOUR));
    expect(refusal(() => validOpeningDeadline(NOW, NOW)).details).toEqual({
      field: 'deadline',
      reason: 'DEADLINE_IN_PAST',
    });
    expect(refusal(() => validOpeningDeadline(at(367 * 24 * HOUR), NOW)).details?.reason).toBe(
      'DEADLINE_TOO_FAR',
    );
    expect(refusal(() => validOpeningDeadline(new Date('nonsense'), NOW)).code).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('extends only to a later deadline that is still ahead', () => {
    expect(validExtension(at(3 * HOUR), at(2 * HOUR), NOW)).toEqual(at(3 * HOUR));
    expect(refusal(() => validExtension(at(HOUR), at(2 * HOUR), NOW)).details?.reason).toBe(
      'DEADLINE_NOT_LATER',
    );
    expect(refusal(() => validExtension(at(-HOUR), at(2 * HOUR), NOW)).details?.reason).toBe(
      'DEADLINE_IN_PAST',
    );
  });

  it('needs a reason to break silence, not to concur', () => {
    for (const kind of [OBJECTION, AMENDMENT]) {
      for (const reason of [null, undefined, '', '   ']) {
        expect(refusal(() => statementReason(kind, reason))).toEqual({
          code: 'BAD_USER_INPUT',
          details: { field: 'reason', reason: 'REASON_REQUIRED' },
        });
      }
    }
    expect(statementReason(OBJECTION, '  Paragraph 3 exceeds the mandate. ')).toBe(
      'Paragraph 3 exceeds the mandate.',
    );
    expect(statementReason(CONCURRENCE, '')).toBeNull();
    expect(statementReason(WITHDRAWAL, null)).toBeNull();
  });

  it('takes statements while open and before the deadline only', () => {
    const open = { status: SilenceProcedureStatus.OPEN, deadline: at(HOUR) };
    expect(() => assertOpen(open, NOW)).not.toThrow();
    expect(refusal(() => assertOpen(open, at(HOUR)))).toEqual({
      code: 'CONFLICT',
      details: { reason: 'DEADLINE_PASSED' },
    });
    expect(
      refusal(() => assertOpen({ ...open, status: SilenceProcedureStatus.APPROVED }, NOW)),
    ).toEqual({ code: 'CONFLICT', details: { reason: 'PROCEDURE_CLOSED' } });
  });

  it("lets a state's latest statement stand, in the order they were made", () => {
    const statements = [
      { id: '1', memberStateCode: 'TJ', kind: OBJECTION },
      { id: '2', memberStateCode: 'KZ', kind: CONCURRENCE },
      { id: '10', memberStateCode: 'TJ', kind: WITHDRAWAL },
      { id: '9', memberStateCode: 'UZ', kind: AMENDMENT },
    ];
    expect([...latestByState(statements).entries()].map(([code, s]) => [code, s.kind])).toEqual([
      ['TJ', WITHDRAWAL],
      ['KZ', CONCURRENCE],
      ['UZ', AMENDMENT],
    ]);
    expect(standingOf(WITHDRAWAL)).toBe(SilenceStanding.SILENT);
    expect(standingOf(undefined)).toBe(SilenceStanding.SILENT);
    expect(standingOf(AMENDMENT)).toBe(SilenceStanding.AMENDMENT_PROPOSED);
  });

  it('approves unless an objection or amendment stands, and names who broke silence', () => {
    expect(outcomeOf([])).toEqual({ status: SilenceProcedureStatus.APPROVED, brokenBy: [] });
    expect(
      outcomeOf([
        { id: '1', memberStateCode: 'TJ', kind: OBJECTION },
        { id: '2', memberStateCode: 'TJ', kind: WITHDRAWAL },
        { id: '3', memberStateCode: 'KZ', kind: CONCURRENCE },
      ]).status,
    ).toBe(SilenceProcedureStatus.APPROVED);
    expect(
      outcomeOf([
        { id: '1', memberStateCode: 'UZ', kind: AMENDMENT },
        { id: '2', memberStateCode: 'KZ', kind: CONCURRENCE },
        { id: '3', memberStateCode: 'KZ', kind: OBJECTION },
        { id: '4', memberStateCode: 'IN', kind: OBJECTION },
        { id: '5', memberStateCode: 'IN', kind: CONCURRENCE },
      ]),
    ).toEqual({
      status: SilenceProcedureStatus.NOT_ADOPTED,
      brokenBy: [
        { memberStateCode: 'KZ', kind: OBJECTION },
        { memberStateCode: 'UZ', kind: AMENDMENT },
      ],
    });
  });
});
