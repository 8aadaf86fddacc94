import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AUDIT_CHAIN_LOCK_KEY } from './audit-lock';
import { EVENT_COLUMNS, eventFromRow, type AuditEventRow } from './audit-rows';
import { entryHash, GENESIS_HASH } from './canonical-encoding';

/** Pending events chained per transaction. */
export const CHAIN_BATCH_SIZE = 500;

interface PendingRow extends AuditEventRow {
  id: string;
}

/**
 * Links pending events into the hash chain, oldest first. Any number of
 * workers may run it: the advisory lock lets one chain at a time.
 */
@Injectable()
export class AuditChainer {
  private readonly logger = new Logger(AuditChainer.name);

  constructor(private readonly dataSource: DataSource) {}

  /** Chains everything pending, a batch per transaction; returns how many entries it added. */
  async chainPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const chained = await this.dataSource.transaction((manager) => this.chainBatch(manager));
      total += chained;
      if (chained < CHAIN_BATCH_SIZE) break;
    }
    if (total > 0) this.logger.debug({ chained: total }, 'audit events chained');
    return total;
  }

  private async chainBatch(manager: EntityManager): Promise<number> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    const heads = await manager.query<{ seq: string; hash: string }[]>(
      'SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1',
    );
    // A pending row an entry already claims is skipped: only a forged entry
    // can claim one, and chaining it again would stop the chain for good.
    const pending = await manager.query<PendingRow[]>(
      `SELECT p.id, ${EVENT_COLUMNS.map((column) => `p.${column}`).join(', ')}
         FROM audit_pending p
        WHERE NOT EXISTS (SELECT 1 FROM audit_entry e WHERE e.pending_id = p.id)
        ORDER BY p.id
        LIMIT $1`,
      [CHAIN_BATCH_SIZE],
    );
    if (pending.length === 0) return 0;

    let seq = heads.length ? Number(heads[0].seq) : 0;
    let prevHash = heads.length ? heads[0].hash : GENESIS_HASH;
    const links = {
      pendingIds: [] as string[],
      seqs: [] as number[],
      prev: [] as string[],
      hashes: [] as string[],
    };
    for (const row of pending) {
      seq += 1;
      const hash = entryHash({ ...eventFromRow(row), seq, prevHash });
      links.pendingIds.push(row.id);
      links.seqs.push(seq);
      links.prev.push(prevHash);
      links.hashes.push(hash);
      prevHash = hash;
    }
    // The event columns are copied in SQL, so the entry holds exactly what was recorded.
    const inserted = await manager.query<{ seq: string }[]>(
      `INSERT INTO audit_entry (seq, pending_id, ${EVENT_COLUMNS.join(', ')}, prev_hash, hash)
       SELECT link.seq, p.id, ${EVENT_COLUMNS.map((column) => `p.${column}`).join(', ')}, link.prev_hash, link.hash
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS link(pending_id, seq, prev_hash, hash)
         JOIN audit_pending p ON p.id = link.pending_id
        ORDER BY link.seq
       RETURNING seq`,
      [links.pendingIds, links.seqs, links.prev, links.hashes],
    );
    if (inserted.length !== pending.length) {
      throw new Error(`chained ${inserted.length} of ${pending.length} pending audit events`);
    }
    await manager.query('SELECT audit_release_chained()');
    return pending.length;
  }
}
