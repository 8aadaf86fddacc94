import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@fpn/config';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { ATTACHMENT_HASH_BYTES, sodium } from '@fpn/crypto';
import { DataSource } from 'typeorm';
import type { MessagingCaller } from '../caller/messaging-caller';
import {
  attachmentInUse,
  attachmentNotFound,
  uploadOffsetMismatch,
  uploadPastLength,
  uploadTooLarge,
} from './attachment-errors';
import { ATTACHMENT_PART_BYTES, AttachmentStorage } from './attachment-storage';

/** Any fixed number, distinct from the other advisory locks: one account's uploads being created. */
const UPLOAD_CREATION_LOCK_CLASS = 41_712_027;

/** Where an upload stands (tus HEAD). */
export interface UploadState {
  id: string;
  declaredLength: number;
  offset: number;
  complete: boolean;
}

interface UploadRow {
  id: string;
  uploader_user_id: string;
  uploader_credential_id: string | null;
  declared_length: string;
  received_length: string;
  status: 'uploading' | 'complete';
  message_id: string | null;
}

const stateOf = (row: UploadRow): UploadState => ({
  id: row.id,
  declaredLength: Number(row.declared_length),
  offset: Number(row.received_length),
  complete: row.status === 'complete',
});

/** The request body ended early: what arrived is kept; nobody is left to answer. */
export class UploadInterrupted extends Error {}

/**
 * Uploads (docs/attachments.md, tus 1.0 core + creation + termination): the
 * server stores the ciphertext blob only, as parts written while the body
 * arrives, each with the advance of the upload's offset in one transaction —
 * an interrupted PATCH keeps every part it committed and resumes after it.
 * When the last byte arrives the server computes the blob's BLAKE2b-256,
 * which sendMessage compares with the hash the sender signed into its message.
 */
@Injectable()
export class AttachmentUploads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly storage: AttachmentStorage,
  ) {}

  /** tus creation: a new, empty upload of `declaredLength` bytes. */
  async create(caller: MessagingCaller, declaredLength: number): Promise<UploadState> {
    const { maxBytes, maxUnfinishedUploads } = this.config.attachments;
    if (declaredLength > maxBytes) throw uploadTooLarge(maxBytes);
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      // Counted and inserted under one lock per account: parallel creations cannot pass the cap.
      await manager.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [
        UPLOAD_CREATION_LOCK_CLASS,
        caller.userId,
      ]);
      const [{ n }] = await manager.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM attachment
          WHERE uploader_user_id = $1 AND status = 'uploading'`,
        [caller.userId],
      );
      if (n >= maxUnfinishedUploads) {
        throw new DomainError(
          ErrorCode.RateLimited,
          'Too many unfinished uploads: finish or delete one first',
          { reason: 'TOO_MANY_UNFINISHED_UPLOADS', maxUnfinishedUploads },
        );
      }
      await manager.query(
        `INSERT INTO attachment (id, uploader_user_id, uploader_credential_id, declared_length,
                                 received_length, status, created_at)
         VALUES ($1, $2, $3, $4, 0, 'uploading', $5)`,
        [
          id,
          caller.userId,
          caller.kind === 'credential' ? caller.credentialId : null,
          declaredLength,
          this.clock.now(),
        ],
      );
    });
    if (declaredLength === 0) await this.finish(id, 0);
    return { id, declaredLength, offset: 0, complete: declaredLength === 0 };
  }

  /** tus HEAD: how far the caller's upload is. */
  async state(caller: MessagingCaller, id: string): Promise<UploadState> {
    const row = await this.own(caller, id);
    // The last byte arrived but its hash was not recorded (the process stopped): record it now.
    if (row.status === 'uploading' && row.received_length === row.declared_length) {
      await this.finish(id, Number(row.declared_length));
      return { ...stateOf(row), complete: true };
    }
    return stateOf(row);
  }

  /**
   * tus PATCH: `body` (exactly `length` bytes) at `offset`, which must be
   * where the upload stands (409 otherwise: a reordered or repeated chunk).
   * Nothing is stored on a refusal. Returns the new offset.
   */
  async append(
    caller: MessagingCaller,
    id: string,
    offset: number,
    length: number,
    body: AsyncIterable<Uint8Array>,
  ): Promise<UploadState> {
    const row = await this.own(caller, id);
    const state = stateOf(row);
    if (state.complete || state.offset !== offset) throw uploadOffsetMismatch(state.offset);
    if (offset + length > state.declaredLength) throw uploadPastLength();

    let position = offset;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (bytes: Buffer) => {
      await this.dataSource.transaction(async (manager) => {
        const [, advanced] = (await manager.query(
          `UPDATE attachment SET received_length = received_length + $3
            WHERE id = $1 AND received_length = $2 AND status = 'uploading'`,
          [id, position, bytes.length],
        )) as [unknown, number];
        // Another PATCH of the same upload moved it meanwhile: this one stops.
        if (advanced !== 1) throw uploadOffsetMismatch(position);
        await this.storage.append(manager, id, position, bytes);
      });
      position += bytes.length;
    };
    let interrupted = false;
    const pieces = body[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await pieces.next();
      } catch {
        // The connection dropped: what arrived is in order and kept; the client resumes after it.
        interrupted = true;
        break;
      }
      if (next.done) break;
      const piece = next.value;
      pending.push(Buffer.from(piece.buffer, piece.byteOffset, piece.length));
      pendingBytes += piece.length;
      while (pendingBytes >= ATTACHMENT_PART_BYTES) {
        const joined = Buffer.concat(pending, pendingBytes);
        await flush(joined.subarray(0, ATTACHMENT_PART_BYTES));
        pending = [joined.subarray(ATTACHMENT_PART_BYTES)];
        pendingBytes -= ATTACHMENT_PART_BYTES;
      }
    }
    if (pendingBytes > 0) await flush(Buffer.concat(pending, pendingBytes));
    if (interrupted) throw new UploadInterrupted();
    if (position === state.declaredLength) {
      await this.finish(id, position);
      return { ...state, offset: position, complete: true };
    }
    return { ...state, offset: position };
  }

  /** tus termination: the caller's upload, unless a message carries it. */
  async terminate(caller: MessagingCaller, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<UploadRow[]>(
        'SELECT * FROM attachment WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!row || !this.isUploader(caller, row)) throw attachmentNotFound();
      if (row.message_id) throw attachmentInUse();
      await this.storage.delete(manager, id);
      await manager.query('DELETE FROM attachment WHERE id = $1', [id]);
    });
  }

  /** Hashes the stored blob and marks it complete (idempotent). */
  private async finish(id: string, length: number): Promise<void> {
    const s = sodium();
    const hash = s.crypto_generichash_init(null, ATTACHMENT_HASH_BYTES);
    for await (const piece of this.storage.read(id, 0, length)) {
      s.crypto_generichash_update(hash, piece);
    }
    const digest = s.crypto_generichash_final(hash, ATTACHMENT_HASH_BYTES);
    await this.dataSource.query(
      `UPDATE attachment SET status = 'complete', ciphertext_hash = $2, completed_at = $3
        WHERE id = $1 AND status = 'uploading' AND received_length = declared_length`,
      [id, Buffer.from(digest), this.clock.now()],
    );
  }

  /** The upload, if the caller made it; otherwise it does not exist for them. */
  private async own(caller: MessagingCaller, id: string): Promise<UploadRow> {
    const [row] = await this.dataSource.query<UploadRow[]>(
      'SELECT * FROM attachment WHERE id = $1',
      [id],
    );
    if (!row || !this.isUploader(caller, row)) throw attachmentNotFound();
    return row;
  }

  /** The account that uploaded; a ministry system only for what its own credential uploaded. */
  private isUploader(caller: MessagingCaller, row: UploadRow): boolean {
    if (row.uploader_user_id !== caller.userId) return false;
    return caller.kind !== 'credential' || row.uploader_credential_id === caller.credentialId;
  }
}
