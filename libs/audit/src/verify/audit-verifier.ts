import type { ClientBase } from 'pg';
import type { DataSource } from 'typeorm';
import {
  chainedEventFromRow,
  EVENT_COLUMNS,
  type AuditCheckpointRow,
  type AuditEntryRow,
} from '../chain/audit-rows';
import {
  AuditChainVerifier,
  type AuditVerification,
  type ExpectedHead,
  type StoredCheckpoint,
} from './audit-chain-verifier';

/** Entries read per query: the log is checked as it streams, never held whole. */
const PAGE_SIZE = 2_000;

export interface VerifyAuditLogOptions {
  /** A head recorded earlier (see `parseExpectedHead`): it must still be in the chain. */
  expectHead?: ExpectedHead;
}

type Query = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

/**
 * Verifies the audit log in the database: the chain from entry 1, every
 * checkpoint's signature and position, and optionally a head recorded
 * earlier. Reads one consistent snapshot, so a chainer running meanwhile
 * does not disturb it. Needs only SELECT.
 */
export async function verifyAuditLog(
  source: DataSource | ClientBase,
  publicKey: Uint8Array,
  options: VerifyAuditLogOptions = {},
): Promise<AuditVerification> {
  return inSnapshot(source, async (query) => {
    const checkpointRows = await query<AuditCheckpointRow>(
      'SELECT id, seq, head_hash, entry_count, created_at, signature, key_id FROM audit_checkpoint ORDER BY id',
    );
    const verifier = await AuditChainVerifier.create(
      checkpointRows.map(checkpointFromRow),
      publicKey,
      options.expectHead,
    );
    let after = 0;
    for (;;) {
      const rows = await query<AuditEntryRow>(
        `SELECT seq, ${EVENT_COLUMNS.join(', ')}, prev_hash, hash
           FROM audit_entry WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [after, PAGE_SIZE],
      );
      for (const row of rows) {
        if (!verifier.push(chainedEventFromRow(row))) return verifier.finish();
      }
      if (rows.length < PAGE_SIZE) return verifier.finish();
      after = Number(rows[rows.length - 1].seq);
    }
  });
}

function checkpointFromRow(row: AuditCheckpointRow): StoredCheckpoint {
  return {
    id: Number(row.id),
    seq: Number(row.seq),
    headHash: row.head_hash,
    entryCount: Number(row.entry_count),
    signature: row.signature,
    keyId: row.key_id,
  };
}

async function inSnapshot<T>(
  source: DataSource | ClientBase,
  run: (query: Query) => Promise<T>,
): Promise<T> {
  if ('createQueryRunner' in source) {
    const runner = source.createQueryRunner();
    await runner.connect();
    try {
      return await inTransaction((sql, params) => runner.query(sql, params), run);
    } finally {
      await runner.release();
    }
  }
  return inTransaction(async <R>(sql: string, params?: unknown[]) => {
    const result = await source.query(sql, params);
    return result.rows as R[];
  }, run);
}

async function inTransaction<T>(query: Query, run: (query: Query) => Promise<T>): Promise<T> {
  await query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    return await run(query);
  } finally {
    await query('ROLLBACK');
  }
}
