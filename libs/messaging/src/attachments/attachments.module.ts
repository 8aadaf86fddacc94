import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { AttachmentDownloads } from './attachment-downloads.service';
import { AttachmentStorage } from './attachment-storage';
import { AttachmentUploads } from './attachment-uploads.service';
import { AttachmentsController } from './attachments.controller';
import { PostgresAttachmentStorage } from './postgres-attachment-storage';

/** The storage of attachment bytes: PostgreSQL by default (docs/attachments.md). */
export const ATTACHMENT_STORAGE_PROVIDER = {
  provide: AttachmentStorage,
  useClass: PostgresAttachmentStorage,
};

/** The `/attachments` routes, for the api only (the worker has no HTTP). */
@Module({
  imports: [AuditModule],
  controllers: [AttachmentsController],
  providers: [ATTACHMENT_STORAGE_PROVIDER, AttachmentUploads, AttachmentDownloads],
})
export class AttachmentsModule {}
