import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType } from '@fpn/audit';
import { AppConfig } from '@fpn/config';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import { CryptoError, verifyEnvelope } from '@fpn/crypto';
import type { RequestOrigin } from '@fpn/identity';
import type { DeviceEntity } from '@fpn/keys';
import { DataSource } from 'typeorm';
import { type AddressInput, parseAddress } from '../addressing/address';
import {
  type AudienceMember,
  MessageAudience,
  type NewThread,
} from '../addressing/message-audience.service';
import { actorRoleOf, type MessagingCaller } from '../caller/messaging-caller';
import { MessageEntity } from '../entities/message.entity';
import {
  type AttachmentLinkInput,
  checkAttachmentLinks,
  type LinkedAttachment,
  linkAttachments,
} from '../attachments/attachment-links';
import { RequestIntake } from '../requests/request-intake.service';
import { HandlingCode, MessageCategory, MessagePriority } from '../entities/messaging-enums';
import { findThread } from '../reading/thread-records';
import { receiveEnvelope, type ReceivedEnvelope } from './envelope-input';
import { MessageIdTaken, MessageWriter, type MessageWrite } from './message-writer';
import { compareRecipientDevices, recipientDevicesMismatch } from './recipient-devices';
import { callerDevice } from './sender-devices';

export interface SendInput {
  /** The envelope's JSON text (EnvelopeJson). */
  envelope: string;
  /** Where a new thread goes; refused for an existing thread. */
  to?: AddressInput | null;
  inReplyTo?: string | null;
  /** A request for assistance: the information is directly accessible (requests/). */
  directlyAccessible?: boolean | null;
  /** A reply that is the caller's state's answer to the thread's request (requests/). */
  isAnswer?: boolean | null;
  /** Uploads the message carries, in the order of its encrypted body (attachments/). */
  attachments?: AttachmentLinkInput[] | null;
}

export interface Sent {
  message: MessageEntity;
  /** The same id was accepted before with the same envelope. */
  duplicate: boolean;
  /** A message written now: what its answer shows that sending read already. */
  known?: SentFields;
}

/** The fields of a message just written that sending read anyway: its answer reads them no more. */
export interface SentFields {
  /** The caller's device that signed it, as checked. */
  senderDevice: DeviceEntity;
  /** Linked in the send's transaction, in the message's order. */
  attachments: LinkedAttachment[];
}

/**
 * sendMessage (docs/messaging.md, "Sending"): every check first, reading only;
 * then one transaction writes the message, its deliveries and its outbox row.
 * Nothing is stored or queued on a refusal.
 */
@Injectable()
export class MessageSender {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audience: MessageAudience,
    private readonly writer: MessageWriter,
    private readonly requests: RequestIntake,
  ) {}

  async send(caller: MessagingCaller, input: SendInput, origin: RequestOrigin): Promise<Sent> {
    const received = receiveEnvelope(input.envelope, this.config.messaging.maxCiphertextBytes);
    const { envelope } = received;
    const earlier = await this.earlier(caller, received);
    if (earlier) return { message: earlier, duplicate: true };
    const attachments = checkAttachmentLinks(
      input.attachments,
      this.config.attachments.maxPerMessage,
    );

    const manager = this.dataSource.manager;
    const device = await callerDevice(
      manager,
      caller,
      envelope.senderDeviceId,
      'envelope.senderDeviceId',
    );
    try {
      verifyEnvelope(envelope, device.signingPublicKey);
    } catch (error) {
      if (error instanceof CryptoError) {
        throw new DomainError(ErrorCode.BadUserInput, 'The envelope signature does not verify', {
          field: 'envelope',
          reason: error.code,
        });
      }
      throw error;
    }

    const { newThread, members } = await this.addressed(caller, envelope.threadId, input.to);
    if (members.length === 0) {
      throw new DomainError(ErrorCode.BadUserInput, 'Nobody would receive this message', {
        field: 'to',
        reason: 'NO_RECIPIENTS',
      });
    }
    if (input.inReplyTo) await this.assertInThread(input.inReplyTo, envelope.threadId);
    const request = await this.requests.prepare(caller, {
      threadId: envelope.threadId,
      networkId: newThread ? newThread.networkId : undefined,
      inReplyTo: input.inReplyTo ?? null,
      category: MessageCategory[envelope.metadata.category],
      priority: MessagePriority[envelope.metadata.priority],
      signedDueDate: envelope.metadata.dueDate ? new Date(envelope.metadata.dueDate) : null,
      directlyAccessible: input.directlyAccessible,
      isAnswer: input.isAnswer,
      members,
      now: this.clock.now(),
    });

    const devices = await this.recipientDevices(caller.userId, members, device.deviceId);
    const mismatch = compareRecipientDevices(
      devices.map((d) => d.deviceId),
      envelope.recipients.map((r) => r.deviceId),
    );
    if (mismatch) throw recipientDevicesMismatch(mismatch);
    // In the envelope's (sorted) order: each device's cursor follows it.
    const ownerOf = new Map(devices.map((d) => [d.deviceId, d.userId]));
    const sealedTo = envelope.recipients.map((r) => ({
      deviceId: r.deviceId,
      userId: ownerOf.get(r.deviceId)!,
    }));

    const message = this.messageRow(caller, received, {
      inReplyTo: input.inReplyTo ?? null,
      recipientAccounts: members.length,
      recipientDevices: sealedTo.length,
    });
    let linked: LinkedAttachment[] = [];
    try {
      await this.writer.write({
        message,
        newThread: newThread && {
          ...newThread,
          createdBy: caller.userId,
          createdByCredentialId: caller.kind === 'credential' ? caller.credentialId : null,
        },
        recipients: members,
        devices: sealedTo,
        audit: this.auditEvent(caller, message, newThread, origin, attachments.length),
        // Without attachments or a request, the message is one statement and its own transaction.
        alsoWrite:
          attachments.length > 0 || request
            ? async (manager) => {
                linked = await linkAttachments(manager, caller, message.id, attachments);
                if (request) {
                  await this.requests.record(manager, caller, request, {
                    id: message.id,
                    sentAt: message.sentAt,
                  });
                }
              }
            : undefined,
      });
    } catch (error) {
      // A concurrent send with this id (which may have created the thread) committed first:
      // answer as a retry would be answered.
      const raced =
        error instanceof MessageIdTaken ||
        (error instanceof DomainError && error.details?.reason === 'THREAD_ID_TAKEN');
      if (!raced) throw error;
      const now = await this.earlier(caller, received);
      if (now) return { message: now, duplicate: true };
      throw error;
    }
    return {
      message: Object.assign(new MessageEntity(), message),
      duplicate: false,
      known: { senderDevice: device, attachments: linked },
    };
  }

  /**
   * The accounts a new thread (`to`) or an existing one (`threadId`) reaches
   * now, other than the caller — for the SDK to encrypt to them (messageAudience).
   */
  async audienceOf(
    caller: MessagingCaller,
    query: { to?: AddressInput | null; threadId?: string | null },
  ): Promise<string[]> {
    if (Boolean(query.to) === Boolean(query.threadId)) {
      throw new DomainError(ErrorCode.BadUserInput, 'Give either `to` or `threadId`', {
        field: 'to',
      });
    }
    if (query.to) {
      return (await this.audience.forAddress(caller, parseAddress(query.to))).members.map(
        (m) => m.userId,
      );
    }
    const thread = await findThread(this.dataSource.manager, query.threadId!);
    if (!thread) throw new NotFoundError('Thread', query.threadId!);
    return (await this.audience.forThread(caller, thread)).map((m) => m.userId);
  }

  /**
   * The message this id names already: the same envelope from the same
   * account is a retry (answered as the first answer was); anything else is
   * CONFLICT (MESSAGE_ID_TAKEN).
   */
  private async earlier(
    caller: MessagingCaller,
    received: ReceivedEnvelope,
  ): Promise<MessageEntity | null> {
    // The usual answer is "no such id": ask for two columns, not the envelope.
    const [existing] = await this.dataSource.query<
      { sender_user_id: string; envelope_sha256: Buffer }[]
    >('SELECT sender_user_id, envelope_sha256 FROM message WHERE id = $1', [
      received.envelope.messageId,
    ]);
    if (!existing) return null;
    if (
      existing.sender_user_id !== caller.userId ||
      !existing.envelope_sha256.equals(received.sha256)
    ) {
      throw new DomainError(ErrorCode.Conflict, 'This message id is taken', {
        field: 'envelope.messageId',
        reason: 'MESSAGE_ID_TAKEN',
      });
    }
    return this.dataSource.manager.findOneByOrFail(MessageEntity, {
      id: received.envelope.messageId,
    });
  }

  private async addressed(
    caller: MessagingCaller,
    threadId: string,
    to: AddressInput | null | undefined,
  ): Promise<{ newThread: NewThread | null; members: AudienceMember[] }> {
    const thread = await findThread(this.dataSource.manager, threadId);
    if (thread && to) {
      // Whoever takes part in it is told to drop `to`; anyone else picked a taken id.
      const takesPart = await this.audience.forThread(caller, thread).then(
        () => true,
        (error: unknown) => {
          if (error instanceof DomainError && error.code === ErrorCode.NotFound) return false;
          throw error;
        },
      );
      throw takesPart
        ? new DomainError(
            ErrorCode.BadUserInput,
            'This thread exists: its addressing is kept, so send without `to`',
            { field: 'to' },
          )
        : new DomainError(ErrorCode.Conflict, 'This thread id is taken', {
            field: 'envelope.threadId',
            reason: 'THREAD_ID_TAKEN',
          });
    }
    if (thread) return { newThread: null, members: await this.audience.forThread(caller, thread) };
    if (!to) {
      throw new DomainError(ErrorCode.BadUserInput, 'A new thread needs `to`: say where it goes', {
        field: 'to',
      });
    }
    const { thread: newThread, members } = await this.audience.forAddress(caller, parseAddress(to));
    return { newThread, members };
  }

  private async assertInThread(messageId: string, threadId: string): Promise<void> {
    const [found] = await this.dataSource.query<unknown[]>(
      'SELECT 1 FROM message WHERE id = $1 AND thread_id = $2',
      [messageId, threadId],
    );
    if (!found) {
      throw new DomainError(ErrorCode.BadUserInput, 'inReplyTo is not a message of this thread', {
        field: 'inReplyTo',
      });
    }
  }

  /**
   * The devices that must receive: the active devices of the addressed
   * accounts and the sender's own other active devices — a ministry system's
   * device only while its API credential is unrevoked and unexpired, as the
   * key directory serves them (libs/keys KeyReading).
   */
  private async recipientDevices(
    senderId: string,
    members: AudienceMember[],
    senderDeviceId: string,
  ): Promise<{ deviceId: string; userId: string }[]> {
    const rows = await this.dataSource.query<{ device_id: string; user_id: string }[]>(
      `SELECT d.device_id, d.user_id FROM device d
         JOIN user_account u ON u.id = d.user_id
         LEFT JOIN api_credential c ON c.id = d.api_credential_id
        WHERE d.user_id = ANY($1::uuid[]) AND d.status = 'active' AND u.status = 'active'
          AND (d.api_credential_id IS NULL OR (c.revoked_at IS NULL AND c.expires_at > $2))
          AND d.device_id <> $3`,
      [[senderId, ...members.map((m) => m.userId)], this.clock.now(), senderDeviceId],
    );
    return rows.map((row) => ({ deviceId: row.device_id, userId: row.user_id }));
  }

  private messageRow(
    caller: MessagingCaller,
    { envelope, canonical, sha256 }: ReceivedEnvelope,
    counts: { inReplyTo: string | null; recipientAccounts: number; recipientDevices: number },
  ): MessageWrite['message'] {
    const { metadata } = envelope;
    return {
      id: envelope.messageId,
      threadId: envelope.threadId,
      senderUserId: caller.userId,
      senderDeviceId: envelope.senderDeviceId,
      senderCredentialId: caller.kind === 'credential' ? caller.credentialId : null,
      senderMemberStateCode: caller.memberStateCode,
      category: MessageCategory[metadata.category],
      priority: MessagePriority[metadata.priority],
      handlingCode: HandlingCode[metadata.handlingCode],
      sourceReliability: metadata.sourceReliability ?? null,
      informationAccuracy: metadata.informationAccuracy ?? null,
      dueDate: metadata.dueDate ? new Date(metadata.dueDate) : null,
      inReplyTo: counts.inReplyTo,
      envelope: canonical,
      envelopeSha256: sha256,
      ciphertextBytes: envelope.ciphertext.length,
      recipientAccounts: counts.recipientAccounts,
      recipientDevices: counts.recipientDevices,
      sentAt: this.clock.now(),
    };
  }

  /** Metadata only: ids, the visible codes, counts. Never content, never a key. */
  private auditEvent(
    caller: MessagingCaller,
    message: MessageWrite['message'],
    newThread: NewThread | null,
    origin: RequestOrigin,
    attachments: number,
  ) {
    return {
      type: AuditEventType.MESSAGE_SENT,
      actorId: caller.userId,
      actorRole: actorRoleOf(caller),
      subjectType: 'message',
      subjectId: message.id,
      memberState: caller.memberStateCode,
      ip: origin.ip ?? null,
      requestId: origin.requestId ?? null,
      details: {
        threadId: message.threadId,
        newThread: newThread !== null,
        ...(newThread
          ? { addressing: newThread.addressing, networkKey: newThread.networkKey }
          : {}),
        senderDeviceId: message.senderDeviceId,
        ...(caller.kind === 'credential' ? { apiCredentialId: caller.credentialId } : {}),
        category: message.category,
        priority: message.priority,
        handlingCode: message.handlingCode,
        inReplyTo: message.inReplyTo,
        recipientAccounts: message.recipientAccounts,
        recipientDevices: message.recipientDevices,
        ciphertextBytes: message.ciphertextBytes,
        attachments,
      },
    };
  }
}
