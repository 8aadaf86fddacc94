import { createHash } from 'node:crypto';
import type { JsonValue, RecordedAuditEvent } from '../events/audit-event';

/** The previous-hash of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers: its position, its predecessor's hash and the event. */
export interface ChainedEvent extends RecordedAuditEvent {
  seq: number;
  prevHash: string;
}

/**
 * Canonical JSON (RFC 8785 style): object keys sorted by UTF-16 code units,
 * no whitespace, strings and numbers as `JSON.stringify` writes them. Keys
 * whose value is `undefined` are left out, as JSON would.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new Error('canonical JSON has no encoding for a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
}

/**
 * The exact text an entry's hash is taken over: the canonical JSON of the
 * columns by their database names, the time as an ISO 8601 UTC string with
 * milliseconds. See docs/audit.md.
 */
export function canonicalEntry(entry: ChainedEvent): string {
  if (!Number.isSafeInteger(entry.seq) || entry.seq < 1) {
    throw new Error(`entry seq must be a positive integer, not ${entry.seq}`);
  }
  return canonicalJson({
    seq: entry.seq,
    prev_hash: entry.prevHash,
    type: entry.type,
    actor_id: entry.actorId,
    actor_role: entry.actorRole,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    member_state: entry.memberState,
    ip: entry.ip,
    request_id: entry.requestId,
    details: entry.details,
    occurred_at: entry.occurredAt.toISOString(),
  });
}

/** SHA-256 (lower-case hex) of the entry's canonical encoding in UTF-8. */
export function entryHash(entry: ChainedEvent): string {
  return createHash('sha256').update(canonicalEntry(entry), 'utf8').digest('hex');
}
