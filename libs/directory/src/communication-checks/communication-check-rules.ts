import { DomainError, ErrorCode } from '@fpn/core';
import { CheckOutcome } from './communication-check-result.entity';

/** The longest a check may run: a check tests reachability, not patience. */
export const MAX_CHECK_DAYS = 30;
/** After the deadline, acknowledgements are still taken, as late, for this long. */
export const LATE_WINDOW_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The deadline as given, when it is in the future and at most MAX_CHECK_DAYS ahead. */
export function validDeadline(deadline: Date, now: Date): Date {
  const at = deadline.getTime();
  if (Number.isNaN(at) || at <= now.getTime() || at > now.getTime() + MAX_CHECK_DAYS * DAY_MS) {
    throw new DomainError(
      ErrorCode.BadUserInput,
      `The deadline must be in the future and at most ${MAX_CHECK_DAYS} days ahead`,
      { field: 'deadline' },
    );
  }
  return deadline;
}

export const acceptsLateUntil = (deadline: Date) =>
  new Date(deadline.getTime() + LATE_WINDOW_DAYS * DAY_MS);

/** Outcome while a check is open: it may still be acknowledged in time. */
export const PENDING = 'PENDING' as const;

/**
 * A state's result: reachable when at least one of its expected focal points
 * acknowledged by the deadline; LATE when only after it; SILENT when nobody
 * did. Before the deadline a state not yet acknowledged is PENDING.
 */
export function stateOutcome(
  counts: { acknowledgedInTime: number; acknowledgedLate: number },
  deadlinePassed: boolean,
): CheckOutcome | typeof PENDING {
  if (counts.acknowledgedInTime > 0) return CheckOutcome.ACKNOWLEDGED;
  if (!deadlinePassed) return PENDING;
  return counts.acknowledgedLate > 0 ? CheckOutcome.LATE : CheckOutcome.SILENT;
}

/**
 * SQL recording (or, after a late acknowledgement, updating) the per-state
 * results of check $1 — of every state, or of state $2 when given — with the
 * same rule as `stateOutcome` once the deadline has passed.
 */
export const RECORD_RESULTS_SQL = `
  INSERT INTO communication_check_result
         (check_id, member_state_code, outcome, expected, acknowledged_in_time, acknowledged_late)
  SELECT r.check_id, r.member_state_code,
         (CASE WHEN COUNT(*) FILTER (WHERE r.acknowledged_at <= c.deadline) > 0 THEN 'acknowledged'
               WHEN COUNT(r.acknowledged_at) > 0 THEN 'late'
               ELSE 'silent' END)::communication_check_outcome,
         COUNT(*)::int,
         (COUNT(*) FILTER (WHERE r.acknowledged_at <= c.deadline))::int,
         (COUNT(*) FILTER (WHERE r.acknowledged_at > c.deadline))::int
    FROM communication_check_recipient r
    JOIN communication_check c ON c.id = r.check_id
   WHERE r.check_id = $1 AND ($2::char(2) IS NULL OR r.member_state_code = $2)
   GROUP BY r.check_id, r.member_state_code
  ON CONFLICT (check_id, member_state_code) DO UPDATE
     SET outcome = EXCLUDED.outcome,
         expected = EXCLUDED.expected,
         acknowledged_in_time = EXCLUDED.acknowledged_in_time,
         acknowledged_late = EXCLUDED.acknowledged_late`;
