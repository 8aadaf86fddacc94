import type { AuditDetails, RecordedAuditEvent } from '../events/audit-event';
import type { ChainedEvent } from './canonical-encoding';

/** The event columns, in the order the tables declare them. */
export const EVENT_COLUMNS = [
  'type',
  'actor_id',
  'actor_role',
  'subject_type',
  'subject_id',
  'member_state',
  'ip',
  'request_id',
  'details',
  'occurred_at',
] as const;

/** An event row as node-postgres returns it (bigint as text, jsonb parsed, timestamptz as Date). */
export interface AuditEventRow {
  type: string;
  actor_id: string | null;
  actor_role: string | null;
  subject_type: string | null;
  subject_id: string | null;
  member_state: string | null;
  ip: string | null;
  request_id: string | null;
  details: AuditDetails;
  occurred_at: Date;
}

export interface AuditEntryRow extends AuditEventRow {
  seq: string | number;
  prev_hash: string;
  hash: string;
}

export interface AuditCheckpointRow {
  id: number;
  seq: string | number;
  head_hash: string;
  entry_count: string | number;
  created_at: Date;
  signature: string;
  key_id: string;
}

export function eventFromRow(row: AuditEventRow): RecordedAuditEvent {
  return {
    type: row.type,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    memberState: row.member_state,
    ip: row.ip,
    requestId: row.request_id,
    details: row.details,
    occurredAt: row.occurred_at,
  };
}

export function chainedEventFromRow(row: AuditEntryRow): ChainedEvent & { hash: string } {
  return {
    ...eventFromRow(row),
    seq: Number(row.seq),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
