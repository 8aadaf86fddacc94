import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@fpn/core';
import { DataSource } from 'typeorm';
import { AUDIT_CHAIN_LOCK_KEY } from '../chain/audit-lock';
import { AuditSigner } from '../signing/audit-signer';

export interface AuditCheckpoint {
  id: number;
  seq: number;
  headHash: string;
  keyId: string;
}

/** Signs the chain's head now and then, so a rewrite or a cut tail can be told from the real log. */
@Injectable()
export class AuditCheckpointer {
  private readonly logger = new Logger(AuditCheckpointer.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(AuditSigner) private readonly signer: AuditSigner,
  ) {}

  /** Signs the current head; nothing when the chain is empty or the head is already signed. */
  async checkpoint(): Promise<AuditCheckpoint | null> {
    const checkpoint = await this.dataSource.transaction(async (manager) => {
      // The same lock as the chainer: the head cannot move while it is signed,
      // and checkpoints are numbered without gaps.
      await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
      const [head] = await manager.query<{ seq: string; hash: string }[]>(
        'SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1',
      );
      if (!head) return null;
      const [last] = await manager.query<{ id: number; seq: string }[]>(
        'SELECT id, seq FROM audit_checkpoint ORDER BY id DESC LIMIT 1',
      );
      if (last && last.seq === head.seq) return null;
      const seq = Number(head.seq);
      const id = (last?.id ?? 0) + 1;
      const signature = await this.signer.sign(seq, head.hash);
      await manager.query(
        `INSERT INTO audit_checkpoint (id, seq, head_hash, entry_count, created_at, signature, key_id)
         VALUES ($1, $2, $3, $2, $4, $5, $6)`,
        [id, seq, head.hash, this.clock.now(), signature, this.signer.keyId],
      );
      return { id, seq, headHash: head.hash, keyId: this.signer.keyId };
    });
    if (checkpoint) this.logger.log(checkpoint, 'audit checkpoint signed');
    return checkpoint;
  }
}
