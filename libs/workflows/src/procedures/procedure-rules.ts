import { DomainError, ErrorCode } from '@fpn/core';
import {
  BREAKING_KINDS,
  SilenceProcedureStatus,
  SilenceStanding,
  SilenceStatementKind,
} from './procedure-kinds';

export const TITLE_MAX_LENGTH = 300;
export const DOCUMENT_MAX_LENGTH = 500_000;
export const REASON_MAX_LENGTH = 50_000;
/** A procedure runs at most this long (decision: a year and a day). */
export const MAX_DEADLINE_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

/** Stable reasons in `extensions.reason` (docs/workflows.md, "Silence procedures"). */
export enum ProcedureErrorReason {
  REQUIRED = 'REQUIRED',
  TOO_LONG = 'TOO_LONG',
  UNKNOWN_TIME_ZONE = 'UNKNOWN_TIME_ZONE',
  UNKNOWN_NETWORK = 'UNKNOWN_NETWORK',
  DEADLINE_IN_PAST = 'DEADLINE_IN_PAST',
  DEADLINE_TOO_FAR = 'DEADLINE_TOO_FAR',
  DEADLINE_NOT_LATER = 'DEADLINE_NOT_LATER',
  REASON_REQUIRED = 'REASON_REQUIRED',
  NOT_YOUR_STATE = 'NOT_YOUR_STATE',
  NOT_A_MEMBER_STATE = 'NOT_A_MEMBER_STATE',
  PROCEDURE_CLOSED = 'PROCEDURE_CLOSED',
  DEADLINE_PASSED = 'DEADLINE_PASSED',
  NOTHING_TO_WITHDRAW = 'NOTHING_TO_WITHDRAW',
  DOCUMENT_NOT_CIRCULATED = 'DOCUMENT_NOT_CIRCULATED',
}

export const badInput = (field: string, reason: ProcedureErrorReason, message: string) =>
  new DomainError(ErrorCode.BadUserInput, message, { field, reason });

export const conflict = (reason: ProcedureErrorReason, message: string) =>
  new DomainError(ErrorCode.Conflict, message, { reason });

export const forbidden = (reason: ProcedureErrorReason, message: string) =>
  new DomainError(ErrorCode.Forbidden, message, { reason });

/** Text a person must give: trimmed, not blank, not too long. */
export function requiredText(value: string | null | undefined, field: string, max: number): string {
  const text = (value ?? '').trim();
  if (text.length === 0)
    throw badInput(field, ProcedureErrorReason.REQUIRED, `${field} is required`);
  if (text.length > max) {
    throw badInput(
      field,
      ProcedureErrorReason.TOO_LONG,
      `${field} is longer than ${max} characters`,
    );
  }
  return text;
}

/** Optional text: blank is none. */
export function optionalText(
  value: string | null | undefined,
  field: string,
  max: number,
): string | null {
  return (value ?? '').trim().length === 0 ? null : requiredText(value, field, max);
}

// An IANA name such as `Asia/Almaty` or `UTC`; offsets like `+05:00` are not zones.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * An IANA time zone Intl knows, as given (ICU's canonical names are sometimes
 * the older ones, e.g. Asia/Calcutta for Asia/Kolkata); else BAD_USER_INPUT
 * deadlineTimeZone.
 */
export function validTimeZone(zone: string, field = 'deadlineTimeZone'): string {
  const unknown = () =>
    badInput(field, ProcedureErrorReason.UNKNOWN_TIME_ZONE, `"${zone}" is not a known time zone`);
  if (!ZONE_NAME.test(zone)) throw unknown();
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw unknown();
  }
}

function notInvalid(deadline: Date, field: string): void {
  if (!(deadline instanceof Date) || Number.isNaN(deadline.getTime())) {
    throw badInput(field, ProcedureErrorReason.REQUIRED, `${field} is not a valid instant`);
  }
}

/** A new procedure's deadline: after now, at most a year and a day ahead. */
export function validOpeningDeadline(deadline: Date, now: Date, field = 'deadline'): Date {
  notInvalid(deadline, field);
  if (deadline.getTime() <= now.getTime()) {
    throw badInput(
      field,
      ProcedureErrorReason.DEADLINE_IN_PAST,
      'The deadline must be in the future',
    );
  }
  if (deadline.getTime() - now.getTime() > MAX_DEADLINE_AHEAD_MS) {
    throw badInput(
      field,
      ProcedureErrorReason.DEADLINE_TOO_FAR,
      'The deadline must be at most 366 days ahead',
    );
  }
  return deadline;
}

/** An extension: after now, later than the current deadline, at most a year and a day ahead. */
export function validExtension(deadline: Date, current: Date, now: Date, field = 'deadline'): Date {
  validOpeningDeadline(deadline, now, field);
  if (deadline.getTime() <= current.getTime()) {
    throw badInput(
      field,
      ProcedureErrorReason.DEADLINE_NOT_LATER,
      'An extension must be later than the current deadline',
    );
  }
  return deadline;
}

/** A statement's reason: required to break silence (objection, amendment), optional otherwise. */
export function statementReason(
  kind: SilenceStatementKind,
  reason: string | null | undefined,
): string | null {
  if (BREAKING_KINDS.includes(kind) && (reason ?? '').trim().length === 0) {
    throw badInput(
      'reason',
      ProcedureErrorReason.REASON_REQUIRED,
      'Breaking silence needs a written reason (the objection, or the proposed amendment)',
    );
  }
  return optionalText(reason, 'reason', REASON_MAX_LENGTH);
}

/** Whether a procedure still takes statements, extensions and withdrawal at `now`. */
export function assertOpen(
  procedure: { status: SilenceProcedureStatus; deadline: Date },
  now: Date,
): void {
  if (procedure.status !== SilenceProcedureStatus.OPEN) {
    throw conflict(
      ProcedureErrorReason.PROCEDURE_CLOSED,
      `The procedure is ${procedure.status.replace('_', ' ')}`,
    );
  }
  // At the deadline it is over, whether or not the sweep has closed it yet.
  if (now.getTime() >= procedure.deadline.getTime()) {
    throw conflict(
      ProcedureErrorReason.DEADLINE_PASSED,
      'The deadline of the procedure has passed',
    );
  }
}

/** The position a state's latest statement gives it. */
export function standingOf(latest: SilenceStatementKind | null | undefined): SilenceStanding {
  switch (latest) {
    case SilenceStatementKind.CONCURRENCE:
      return SilenceStanding.CONCURRED;
    case SilenceStatementKind.OBJECTION:
      return SilenceStanding.OBJECTED;
    case SilenceStatementKind.AMENDMENT:
      return SilenceStanding.AMENDMENT_PROPOSED;
    default:
      return SilenceStanding.SILENT;
  }
}

export interface StatementFact {
  /** Increasing with the order statements were made in. */
  id: string;
  memberStateCode: string;
  kind: SilenceStatementKind;
}

/** Each state's latest statement (by id: the order they were made in). */
export function latestByState<S extends StatementFact>(statements: readonly S[]): Map<string, S> {
  const latest = new Map<string, S>();
  for (const statement of statements) {
    const seen = latest.get(statement.memberStateCode);
    if (!seen || BigInt(statement.id) > BigInt(seen.id)) {
      latest.set(statement.memberStateCode, statement);
    }
  }
  return latest;
}

export interface BrokenSilence {
  memberStateCode: string;
  kind: SilenceStatementKind.OBJECTION | SilenceStatementKind.AMENDMENT;
}

/** The states whose standing statement breaks silence, by code. */
export function brokenSilence(statements: readonly StatementFact[]): BrokenSilence[] {
  return [...latestByState(statements).values()]
    .filter((statement) => BREAKING_KINDS.includes(statement.kind))
    .map((statement) => ({
      memberStateCode: statement.memberStateCode,
      kind: statement.kind as BrokenSilence['kind'],
    }))
    .sort((a, b) => a.memberStateCode.localeCompare(b.memberStateCode));
}

/** The outcome at the deadline: approved unless silence stands broken. */
export function outcomeOf(statements: readonly StatementFact[]): {
  status: SilenceProcedureStatus.APPROVED | SilenceProcedureStatus.NOT_ADOPTED;
  brokenBy: BrokenSilence[];
} {
  const brokenBy = brokenSilence(statements);
  return {
    status:
      brokenBy.length === 0 ? SilenceProcedureStatus.APPROVED : SilenceProcedureStatus.NOT_ADOPTED,
    brokenBy,
  };
}
