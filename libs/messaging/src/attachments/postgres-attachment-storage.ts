import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ATTACHMENT_PART_BYTES, AttachmentStorage } from './attachment-storage';

/** Parts fetched per query while reading: a few MiB in memory at most. */
const PARTS_PER_READ = 4;

/**
 * The default storage: `attachment_part` rows of at most 1 MiB, keyed by
 * (attachment, byte offset), in the same PostgreSQL as everything else — one
 * backup, one source of truth, transactions shared with the upload's row.
 */
@Injectable()
export class PostgresAttachmentStorage extends AttachmentStorage {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async append(manager: EntityManager, id: string, offset: number, bytes: Uint8Array) {
    for (let at = 0; at < bytes.length; at += ATTACHMENT_PART_BYTES) {
      const piece = bytes.subarray(at, Math.min(bytes.length, at + ATTACHMENT_PART_BYTES));
      await manager.query(
        'INSERT INTO attachment_part (attachment_id, byte_offset, bytes) VALUES ($1, $2, $3)',
        [id, offset + at, Buffer.from(piece.buffer, piece.byteOffset, piece.length)],
      );
    }
  }

  async *read(id: string, start: number, end: number): AsyncIterable<Uint8Array> {
    let position = start;
    while (position < end) {
      // A part starting at most one part-length before `position` may hold it; the primary key
      // orders and bounds the scan.
      const rows = await this.dataSource.query<{ byte_offset: string; bytes: Buffer }[]>(
        `SELECT byte_offset, bytes FROM attachment_part
          WHERE attachment_id = $1 AND byte_offset > $2 AND byte_offset < $3
          ORDER BY byte_offset
          LIMIT $4`,
        [id, position - ATTACHMENT_PART_BYTES, end, PARTS_PER_READ],
      );
      let advanced = false;
      for (const row of rows) {
        const partStart = Number(row.byte_offset);
        const partEnd = partStart + row.bytes.length;
        if (partEnd <= position) continue;
        if (partStart > position) throw new Error(`attachment ${id}: bytes missing at ${position}`);
        const piece = row.bytes.subarray(position - partStart, Math.min(end, partEnd) - partStart);
        position += piece.length;
        advanced = true;
        yield piece;
        if (position >= end) return;
      }
      if (!advanced) throw new Error(`attachment ${id}: bytes missing at ${position}`);
    }
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM attachment_part WHERE attachment_id = $1', [id]);
  }
}
