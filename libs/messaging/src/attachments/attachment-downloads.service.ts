import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { DataSource } from 'typeorm';
import { actorRoleOf, type MessagingCaller } from '../caller/messaging-caller';
import { visibilityOf, visibleMessage } from '../reading/message-visibility';
import { AttachmentEntity, AttachmentStatus } from './attachment.entity';
import { attachmentIncomplete, attachmentNotFound } from './attachment-errors';
import { AttachmentStorage } from './attachment-storage';

/** A blob the caller may download. */
export interface DownloadableAttachment {
  id: string;
  /** The message that carries it; null while only its uploader may fetch it. */
  messageId: string | null;
  size: number;
  ciphertextHash: Buffer;
}

/**
 * Downloads: the uploader, and whoever may read the message that carries the
 * attachment — its addressed accounts (and the sender's), a ministry system
 * for what its credential's device was sent (message-visibility). Everyone
 * else is told it does not exist.
 */
@Injectable()
export class AttachmentDownloads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: AttachmentStorage,
    private readonly audit: AuditService,
  ) {}

  async open(caller: MessagingCaller, id: string): Promise<DownloadableAttachment> {
    const visible = visibleMessage(await visibilityOf(this.dataSource.manager, caller), 'vm');
    const uploader =
      caller.kind === 'credential'
        ? 'a.uploader_credential_id = :callerCredentialId'
        : 'a.uploader_user_id = :callerId';
    const attachment = await this.dataSource.manager
      .createQueryBuilder(AttachmentEntity, 'a')
      .where('a.id = :id', { id })
      .andWhere(
        `(${uploader} OR EXISTS (
            SELECT 1 FROM message vm WHERE vm.id = a.message_id AND ${visible.sql}))`,
        {
          ...visible.params,
          callerId: caller.userId,
          callerCredentialId: caller.kind === 'credential' ? caller.credentialId : null,
        },
      )
      .getOne();
    if (!attachment) throw attachmentNotFound();
    // Only its uploader can see an upload that is not finished: nobody else is told it exists.
    if (attachment.status !== AttachmentStatus.COMPLETE) throw attachmentIncomplete();
    return {
      id: attachment.id,
      messageId: attachment.messageId ?? null,
      size: Number(attachment.declaredLength),
      ciphertextHash: attachment.ciphertextHash!,
    };
  }

  /** Who fetched which bytes of which attachment, before the first byte goes out. */
  async recordDownload(
    caller: MessagingCaller,
    attachment: DownloadableAttachment,
    range: { start: number; end: number },
    origin: { ip?: string; requestId?: string },
  ): Promise<void> {
    await this.audit.recordNow({
      type: AuditEventType.ATTACHMENT_DOWNLOADED,
      actorId: caller.userId,
      actorRole: actorRoleOf(caller),
      subjectType: 'attachment',
      subjectId: attachment.id,
      memberState: caller.memberStateCode,
      ip: origin.ip ?? null,
      requestId: origin.requestId ?? null,
      details: {
        messageId: attachment.messageId,
        ...(caller.kind === 'credential' ? { apiCredentialId: caller.credentialId } : {}),
        start: range.start,
        end: range.end,
        size: attachment.size,
      },
    });
  }

  /** Bytes [start, end) of an attachment `open` allowed, streamed from storage. */
  read(attachment: DownloadableAttachment, start: number, end: number): AsyncIterable<Uint8Array> {
    return this.storage.read(attachment.id, start, end);
  }
}
