import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, type AuditEvent } from '@fpn/audit';
import { DomainError, ErrorCode, isUniqueViolation } from '@fpn/core';
import { DataSource, type EntityManager } from 'typeorm';
import type { AudienceMember, NewThread } from '../addressing/message-audience.service';
import { MESSAGE_OUTBOX_CHANNEL } from '../delivery/outbox-relay.service';
import type { MessageEntity } from '../entities/message.entity';

/**
 * The class of the ordering locks (the first half of PostgreSQL's two-part
 * advisory lock keys, so they cannot meet a single-key lock). A send holds,
 * from before its message row to commit, one lock for its thread and one for
 * each account it delivers to — the second half is `hashtext` of the name
 * `messageOrderLocks` gives. So for any one device (an account's) delivery
 * ids, and in any one thread sequence numbers, are taken in commit order: a
 * device that read up to a cursor can never later find a row below it. Sends
 * to different accounts do not wait for each other.
 */
export const MESSAGE_ORDER_LOCK_CLASS = 417_120_270;

export const threadOrderLock = (threadId: string) => `thread:${threadId}`;
export const accountOrderLock = (userId: string) => `account:${userId}`;

/** The names of the ordering locks a message takes: its thread and every account it reaches. */
export function messageOrderLocks(threadId: string, deviceAccounts: readonly string[]): string[] {
  return [threadOrderLock(threadId), ...new Set(deviceAccounts.map(accountOrderLock))];
}

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
 * Writes an accepted message: the thread (when new), the message, its
 * recipients, one delivery per device, its outbox row, the participants, the
 * audit event and a NOTIFY that wakes the worker's relay — all in **one
 * statement**, which is its own transaction unless there is more to write
 * (`alsoWrite`). So the ordering locks it takes are held for that statement
 * and its commit only, never while a round trip to the api is on its way.
 * Nothing here touches Redis: a send succeeds while Redis is down.
 */
@Injectable()
export class MessageWriter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async write(write: MessageWrite): Promise<void> {
    const alsoWrite = write.alsoWrite;
    const [sql, params] = this.statement(write);
    try {
      if (!alsoWrite) {
        threadCreated(write, await this.dataSource.query<Written[]>(sql, params));
        return;
      }
      await this.dataSource.transaction(async (manager) => {
        threadCreated(write, await manager.query<Written[]>(sql, params));
        await alsoWrite(manager);
      });
    } catch (error) {
      // The message row's primary key refused the id: the statement, and with it
      // everything it wrote, is undone.
      if (isUniqueViolation(error, 'message_pk')) throw new MessageIdTaken();
      throw error;
    }
  }

  /**
   * The statement. It first takes the ordering locks (`ordered`), in one
   * order every send follows (sorted keys: two sends never wait for each
   * other both ways); the message row is produced from that row (and from the
   * new thread's, when there is one), and everything else from the message
   * row, so the message's sequence number and the deliveries' cursors are
   * drawn only once the locks are held — and kept to commit. Nothing is
   * written when the thread's id is taken (no message row, and everything
   * else hangs from it) or the message's (the statement fails).
   */
  private statement(write: MessageWrite): [string, unknown[]] {
    const m = write.message;
    const participants = [...new Set([m.senderUserId, ...write.recipients.map((r) => r.userId)])];
    const thread = write.newThread;
    const deviceAccounts = write.devices.map((d) => d.userId);
    const params: unknown[] = [
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
      deviceAccounts,
      participants,
      MESSAGE_ORDER_LOCK_CLASS,
      messageOrderLocks(m.threadId, deviceAccounts),
    ];
    const audit = this.audit.row(write.audit, params.length + 1);
    params.push(...audit.params);
    let newThread = `SELECT NULL::varchar AS id WHERE false`;
    if (thread) {
      const values = [
        thread.kind,
        thread.addressing,
        thread.networkId,
        thread.memberStateCodes,
        thread.focalPointIds,
        thread.directUserId,
        thread.createdBy,
        thread.createdByCredentialId,
      ];
      const placeholders = values.map((_, i) => `$${params.length + 1 + i}`).join(', ');
      params.push(...values);
      newThread = `INSERT INTO message_thread (id, kind, addressing, network_id, member_state_codes,
                                   focal_point_ids, direct_user_id, created_by,
                                   created_by_credential_id, created_at, last_message_at)
       VALUES ($2, ${placeholders}, $19, $19)
       ON CONFLICT (id) DO NOTHING
       RETURNING id`;
    }
    const sql = `WITH ordered AS MATERIALIZED (
         SELECT count(pg_advisory_xact_lock($25, keys.key)) AS held
           FROM (SELECT DISTINCT hashtext(name) AS key FROM unnest($26::text[]) AS name
                  ORDER BY key) AS keys
       ), new_thread AS (
         ${newThread}
       ), message AS (
         INSERT INTO message (id, thread_id, sender_user_id, sender_device_id, sender_credential_id,
                              sender_member_state_code, category, priority, handling_code,
                              source_reliability, information_accuracy, due_date, in_reply_to,
                              envelope, envelope_sha256, ciphertext_bytes, recipient_accounts,
                              recipient_devices, sent_at)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19
           FROM ordered
          WHERE ${thread ? 'EXISTS (SELECT 1 FROM new_thread)' : 'true'}
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
       ), audit AS (
         INSERT INTO audit_pending (${audit.columns}) SELECT ${audit.values} FROM message
       ), notified AS (
         SELECT pg_notify('${MESSAGE_OUTBOX_CHANNEL}', '') FROM message
       )
       SELECT (SELECT count(*) FROM new_thread)::int AS threads,
              -- A CTE that only reads runs when it is read: this is what sends the NOTIFY.
              (SELECT count(*) FROM notified)::int AS notified`;
    return [sql, params];
  }
}

interface Written {
  threads: number;
}

/** A new thread's id taken: the statement wrote nothing. */
function threadCreated(write: MessageWrite, [written]: Written[]): void {
  if (write.newThread && written.threads === 0) {
    // Another send created a thread with this id a moment ago.
    throw new DomainError(ErrorCode.Conflict, 'A thread with this id exists: send into it', {
      field: 'to',
      reason: 'THREAD_ID_TAKEN',
    });
  }
}
