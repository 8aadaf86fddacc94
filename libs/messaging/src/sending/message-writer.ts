import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, type AuditEvent } from '@fpn/audit';
import { DomainError, ErrorCode } from '@fpn/core';
import { DataSource, type EntityManager } from 'typeorm';
import type { AudienceMember, NewThread } from '../addressing/message-audience.service';
import { MESSAGE_OUTBOX_CHANNEL } from '../delivery/outbox-relay.service';
import type { MessageEntity } from '../entities/message.entity';

/**
 * Any fixed number, distinct from the other advisory locks: held from the
 * message's insert to commit, so delivery ids (the devices' cursors) and message
 * sequence numbers are taken in commit order — a device that read up to a
 * cursor can never later find a row below it. Committing transactions that
 * NOTIFY are serialized by PostgreSQL anyway.
 */
export const MESSAGE_ORDER_LOCK_KEY = 4_171_202_701;

/** Everything one accepted message writes. */
export interface MessageWrite {
  message: Omit<MessageEntity, 'seq' | 'thread' | 'senderUser' | 'senderCredential' | 'repliedTo'>;
  /** Set when this message starts its thread. */
  newThread: (NewThread & { createdBy: string; createdByCredentialId: string | null }) | null;
  recipients: AudienceMember[];
  /** Every recipient device with its account, in the envelope's order. */
  devices: { deviceId: string; userId: string }[];
  audit: AuditEvent;
  /** More to write in the same transaction once the message is in (a request, an answer). */
  alsoWrite?: (manager: EntityManager) => Promise<void>;
}

/** The message id is taken (a concurrent send won, or a retry raced its first try). */
export class MessageIdTaken extends Error {}

/**
 * Writes an accepted message in one transaction: the thread (when new), the
 * message, its recipients, one delivery per device, its outbox row and the
 * participants, with bulk statements (one for all deliveries), the audit
 * event, and a NOTIFY that wakes the worker's relay at commit. Nothing here
 * touches Redis: a send succeeds while Redis is down.
 */
@Injectable()
export class MessageWriter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async write(write: MessageWrite): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // Neither takes a cursor or a sequence number: written before the ordered section,
      // which every send goes through one at a time (each statement in it is a round trip
      // every other send waits for).
      if (write.newThread) await this.createThread(manager, write);
      await this.audit.record(manager, write.audit);
      // Takes the ordering lock itself: one round trip fewer in the ordered section.
      const written = await this.insertMessage(manager, write);
      if (!written) throw new MessageIdTaken();
      if (write.alsoWrite) await write.alsoWrite(manager);
    });
  }

  private async createThread(manager: EntityManager, { message, newThread }: MessageWrite) {
    const thread = newThread!;
    const created = await manager.query<unknown[]>(
      `INSERT INTO message_thread (id, kind, addressing, network_id, member_state_codes,
                                   focal_point_ids, direct_user_id, created_by,
                                   created_by_credential_id, created_at, last_message_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [
        message.threadId,
        thread.kind,
        thread.addressing,
        thread.networkId,
        thread.memberStateCodes,
        thread.focalPointIds,
        thread.directUserId,
        thread.createdBy,
        thread.createdByCredentialId,
        message.sentAt,
      ],
    );
    if (created.length === 0) {
      // Another send created a thread with this id a moment ago.
      throw new DomainError(ErrorCode.Conflict, 'A thread with this id exists: send into it', {
        field: 'to',
        reason: 'THREAD_ID_TAKEN',
      });
    }
  }

  /**
   * One statement for the message and everything that hangs from it; false if
   * the id is taken. It first takes the ordering lock (`ordered`): the message
   * row is produced from the lock's row, and everything else from the message
   * row, so the message's sequence number and the deliveries' cursors are drawn
   * only once the lock is held — and kept to commit.
   */
  private async insertMessage(manager: EntityManager, write: MessageWrite): Promise<boolean> {
    const m = write.message;
    const participants = [...new Set([m.senderUserId, ...write.recipients.map((r) => r.userId)])];
    const rows = await manager.query<unknown[]>(
      `WITH ordered AS MATERIALIZED (
         SELECT pg_advisory_xact_lock($25)
       ), message AS (
         INSERT INTO message (id, thread_id, sender_user_id, sender_device_id, sender_credential_id,
                              sender_member_state_code, category, priority, handling_code,
                              source_reliability, information_accuracy, due_date, in_reply_to,
                              envelope, envelope_sha256, ciphertext_bytes, recipient_accounts,
                              recipient_devices, sent_at)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19
           FROM ordered
         ON CONFLICT (id) DO NOTHING
         RETURNING id, thread_id, sent_at
       ), recipients AS (
         INSERT INTO message_recipient (message_id, user_id, member_state_code)
         SELECT message.id, r.user_id, r.member_state_code
           FROM message, unnest($20::uuid[], $21::bpchar[]) AS r(user_id, member_state_code)
       ), deliveries AS (
         INSERT INTO message_delivery (message_id, device_id, user_id)
         SELECT message.id, d.device_id, d.user_id
           FROM message, unnest($22::varchar[], $23::uuid[]) WITH ORDINALITY AS d(device_id, user_id, n)
          ORDER BY d.n
       ), outbox AS (
         INSERT INTO message_outbox (message_id, created_at)
         SELECT message.id, message.sent_at FROM message
       ), participants AS (
         INSERT INTO message_thread_participant (user_id, thread_id, joined_at)
         SELECT p.user_id, message.thread_id, message.sent_at
           FROM message, unnest($24::uuid[]) AS p(user_id)
         ON CONFLICT (user_id, thread_id) DO NOTHING
       ), thread AS (
         UPDATE message_thread t SET last_message_at = GREATEST(t.last_message_at, message.sent_at)
           FROM message WHERE t.id = message.thread_id
       )
       SELECT message.id, pg_notify('${MESSAGE_OUTBOX_CHANNEL}', '') FROM message`,
      [
        m.id,
        m.threadId,
        m.senderUserId,
        m.senderDeviceId,
        m.senderCredentialId,
        m.senderMemberStateCode,
        m.category,
        m.priority,
        m.handlingCode,
        m.sourceReliability,
        m.informationAccuracy,
        m.dueDate,
        m.inReplyTo,
        m.envelope,
        m.envelopeSha256,
        m.ciphertextBytes,
        m.recipientAccounts,
        m.recipientDevices,
        m.sentAt,
        write.recipients.map((r) => r.userId),
        write.recipients.map((r) => r.memberStateCode),
        write.devices.map((d) => d.deviceId),
        write.devices.map((d) => d.userId),
        participants,
        MESSAGE_ORDER_LOCK_KEY,
      ],
    );
    return rows.length === 1;
  }
}
