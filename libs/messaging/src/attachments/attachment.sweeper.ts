import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@fpn/config';
import { DeadlineSweeper, type Sweeper } from '@fpn/queue';
import { DataSource } from 'typeorm';
import { AttachmentStorage } from './attachment-storage';

/** Uploads one sweep removes; the next sweep takes the rest. */
const BATCH_SIZE = 100;

/**
 * Uploads no message carries ATTACHMENT_UNLINKED_HOURS after they began —
 * abandoned or never finished — are removed with their bytes, by the
 * injected clock (DESIGN §4). A send linking one at the same moment wins or
 * waits: the row is locked, and a linked row is never removed.
 */
@Injectable()
@DeadlineSweeper()
export class AttachmentSweeper implements Sweeper {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly storage: AttachmentStorage,
  ) {}

  async sweep(now: Date): Promise<number> {
    const before = new Date(now.getTime() - this.config.attachments.unlinkedHours * 3_600_000);
    const due = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM attachment WHERE message_id IS NULL AND created_at <= $1
        ORDER BY created_at LIMIT $2`,
      [before, BATCH_SIZE],
    );
    let removed = 0;
    for (const { id } of due) {
      await this.dataSource.transaction(async (manager) => {
        const [row] = await manager.query<unknown[]>(
          `SELECT 1 FROM attachment WHERE id = $1 AND message_id IS NULL FOR UPDATE SKIP LOCKED`,
          [id],
        );
        if (!row) return;
        await this.storage.delete(manager, id);
        await manager.query('DELETE FROM attachment WHERE id = $1', [id]);
        removed++;
      });
    }
    return removed;
  }
}
