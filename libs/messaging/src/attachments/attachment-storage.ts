import type { EntityManager } from 'typeorm';

/** Bytes of one part at most: what an upload writes at a time, and a download reads at a time. */
export const ATTACHMENT_PART_BYTES = 1024 * 1024;

/**
 * Where attachment blobs' bytes live (docs/attachments.md). The `attachment`
 * row — length, offset, hash, link — is the service's; a storage only keeps
 * bytes. PostgreSQL is the default (PostgresAttachmentStorage); an object
 * store would implement the same three operations.
 */
export abstract class AttachmentStorage {
  /**
   * Stores `bytes` at `offset` of blob `id`, inside the transaction that
   * advances the blob's received length (`manager`), so both commit together.
   * A storage outside PostgreSQL writes first and ignores the transaction: a
   * write whose transaction rolled back is overwritten when the upload resumes.
   */
  abstract append(
    manager: EntityManager,
    id: string,
    offset: number,
    bytes: Uint8Array,
  ): Promise<void>;

  /** Bytes [start, end) of blob `id`, in pieces of at most ATTACHMENT_PART_BYTES, as they are read. */
  abstract read(id: string, start: number, end: number): AsyncIterable<Uint8Array>;

  /** Removes every byte of blob `id`. */
  abstract delete(manager: EntityManager, id: string): Promise<void>;
}
