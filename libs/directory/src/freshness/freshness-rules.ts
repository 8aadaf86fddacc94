import { DEFAULT_CONFIRMATION_INTERVAL_DAYS } from '../networks/network.entity';

/**
 * The confirmation cycle of a directory entry (DESIGN §3.1): a focal point
 * confirms their entry every `confirmation_interval_days` of their networks
 * (the shortest, when they are in several). Fourteen days before the due
 * date they are reminded, at the due date the entry is marked stale, and
 * fourteen days after that the state's coordinators are asked to act.
 */

export const REMINDER_LEAD_DAYS = 14;
export const ESCALATION_AFTER_STALE_DAYS = 14;

const DAY_MS = 24 * 60 * 60 * 1000;

export const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS);

/**
 * SQL for an entry's confirmation interval: the shortest of its networks, or
 * the default in none. One index probe (network_membership_unique leads with
 * focal_point_id).
 */
export const intervalDaysSql = (focalPointId: string) => `COALESCE(
  (SELECT MIN(n.confirmation_interval_days) FROM network_membership m
     JOIN network n ON n.id = m.network_id WHERE m.focal_point_id = ${focalPointId}),
  ${DEFAULT_CONFIRMATION_INTERVAL_DAYS})`;

/**
 * SQL for a span of whole days as a duration (24 h each, whatever the session's
 * time zone does with daylight saving), as `addDays` counts them.
 */
export const daysSql = (days: string | number) => `make_interval(secs => (${days}) * 86400)`;

/** SQL for the due date of the entry aliased `fp`. */
export const DUE_AT_SQL = `(fp.last_confirmed_at + ${daysSql(intervalDaysSql('fp.id'))})`;

/**
 * SQL for the shortest interval any entry can have. An entry whose last
 * confirmation is younger than this (less the lead) cannot be due, so the
 * sweep reads candidates by `focal_point_freshness_idx` instead of every row.
 */
export const SHORTEST_INTERVAL_SQL = `(SELECT LEAST(MIN(confirmation_interval_days), ${DEFAULT_CONFIRMATION_INTERVAL_DAYS}) FROM network)`;

export enum FreshnessState {
  /** Confirmed, and not due within the reminder lead. */
  CURRENT = 'CURRENT',
  /** Due within the reminder lead (or reminded). */
  DUE_SOON = 'DUE_SOON',
  /** Past its due date without a confirmation. */
  STALE = 'STALE',
  /** Stale, and the state's coordinators have been asked to act. */
  ESCALATED = 'ESCALATED',
}

export interface CycleFlags {
  remindedAt: Date | null;
  staleSince: Date | null;
  escalatedAt: Date | null;
}

/**
 * Where an entry stands at `now`. The recorded steps win; the dates cover the
 * moments between the due date and the next sweep.
 */
export function freshnessState(entry: CycleFlags, dueAt: Date, now: Date): FreshnessState {
  if (entry.escalatedAt) return FreshnessState.ESCALATED;
  if (entry.staleSince || now >= dueAt) return FreshnessState.STALE;
  if (entry.remindedAt || now >= addDays(dueAt, -REMINDER_LEAD_DAYS)) {
    return FreshnessState.DUE_SOON;
  }
  return FreshnessState.CURRENT;
}
