import { DomainError, ErrorCode } from '@fpn/core';
import { ATTACHMENT_HASH_BYTES, CryptoError, fromBase64Url } from '@fpn/crypto';
import type { EntityManager } from 'typeorm';
import type { MessagingCaller } from '../caller/messaging-caller';
import {
  attachmentHashMismatch,
  attachmentIncomplete,
  attachmentInUse,
  attachmentNotFound,
} from './attachment-errors';

/** An attachment a message carries, as sendMessage names it. */
export interface AttachmentLinkInput {
  id: string;
  /** BLAKE2b-256 of the blob, base64url: the hash the sender put in the encrypted body. */
  ciphertextHash: string;
}

/** Checked input: the ids and the hashes as bytes, in the sender's order. */
export interface AttachmentLink {
  id: string;
  ciphertextHash: Buffer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** sendMessage's `attachments`, well-formed and within the per-message limit (before anything is read). */
export function checkAttachmentLinks(
  input: readonly AttachmentLinkInput[] | null | undefined,
  maxPerMessage: number,
): AttachmentLink[] {
  if (!input?.length) return [];
  if (input.length > maxPerMessage) {
    throw new DomainError(ErrorCode.BadUserInput, 'Too many attachments for one message', {
      field: 'attachments',
      reason: 'TOO_MANY_ATTACHMENTS',
      maxPerMessage,
    });
  }
  const seen = new Set<string>();
  return input.map((item, index) => {
    const field = `attachments.${index}`;
    if (!UUID.test(item.id)) throw attachmentNotFound(`${field}.id`);
    const id = item.id.toLowerCase();
    if (seen.has(id)) {
      throw new DomainError(ErrorCode.BadUserInput, 'An attachment is named twice', {
        field: `${field}.id`,
      });
    }
    seen.add(id);
    let hash: Uint8Array;
    try {
      hash = fromBase64Url(item.ciphertextHash, 'ciphertextHash', ATTACHMENT_HASH_BYTES);
    } catch (error) {
      if (!(error instanceof CryptoError)) throw error;
      throw new DomainError(ErrorCode.BadUserInput, 'ciphertextHash is 32 bytes, base64url', {
        field: `${field}.ciphertextHash`,
      });
    }
    return { id, ciphertextHash: Buffer.from(hash) };
  });
}

/** An attachment as its message shows it: id and encrypted size. */
export interface LinkedAttachment {
  id: string;
  size: number;
}

/**
 * In the send's transaction, once the message row is in: each attachment
 * must be the sender's own complete upload (the issuing account's, for a
 * ministry system), carried by no other message, with the server's hash equal
 * to the one the sender gives — then it is linked. A refusal rolls the whole
 * send back. Answers the linked attachments, in the message's order.
 */
export async function linkAttachments(
  manager: EntityManager,
  caller: MessagingCaller,
  messageId: string,
  links: readonly AttachmentLink[],
): Promise<LinkedAttachment[]> {
  if (links.length === 0) return [];
  const rows = await manager.query<
    {
      id: string;
      uploader_user_id: string;
      status: string;
      ciphertext_hash: Buffer | null;
      message_id: string | null;
      declared_length: string;
    }[]
  >(
    `SELECT id, uploader_user_id, status, ciphertext_hash, message_id, declared_length FROM attachment
      WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [links.map((link) => link.id)],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  links.forEach((link, index) => {
    const field = `attachments.${index}`;
    const row = byId.get(link.id);
    if (!row || row.uploader_user_id !== caller.userId) throw attachmentNotFound(`${field}.id`);
    if (row.message_id) throw attachmentInUse(`${field}.id`);
    if (row.status !== 'complete' || !row.ciphertext_hash)
      throw attachmentIncomplete(`${field}.id`);
    if (!row.ciphertext_hash.equals(link.ciphertextHash)) {
      throw attachmentHashMismatch(`${field}.ciphertextHash`);
    }
  });
  await manager.query(
    `UPDATE attachment a SET message_id = $1, message_position = p.n
       FROM unnest($2::uuid[]) WITH ORDINALITY AS p(id, n)
      WHERE a.id = p.id`,
    [messageId, links.map((link) => link.id)],
  );
  return links.map((link) => ({ id: link.id, size: Number(byId.get(link.id)!.declared_length) }));
}
