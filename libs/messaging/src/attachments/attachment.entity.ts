import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageEntity } from '../entities/message.entity';

export enum AttachmentStatus {
  UPLOADING = 'uploading',
  COMPLETE = 'complete',
}

/**
 * One encrypted attachment blob (docs/attachments.md): who uploads it, how
 * long it will be, how much has arrived, and — once complete — the BLAKE2b-256
 * of the ciphertext the server computed. Never a file name, type or key: those
 * are inside the encrypted message body. The bytes are the storage's
 * (`attachment_part` in PostgreSQL).
 */
@Entity({ name: 'attachment' })
@Index('attachment_unfinished_idx', ['uploaderUserId'], { where: `status = 'uploading'` })
@Index('attachment_message_idx', ['messageId'])
@Index('attachment_unlinked_idx', ['createdAt'], { where: 'message_id IS NULL' })
export class AttachmentEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'attachment_pk' })
  id!: string;

  /** The account that uploads (for a ministry system, the account its credential acts for). */
  @Column({ name: 'uploader_user_id', type: 'uuid' })
  uploaderUserId!: string;

  @ManyToOne('user_account', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploader_user_id', foreignKeyConstraintName: 'attachment_uploader_fk' })
  uploader?: unknown;

  @Column({ name: 'uploader_credential_id', type: 'uuid', nullable: true })
  uploaderCredentialId!: string | null;

  @ManyToOne('api_credential', { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'uploader_credential_id',
    foreignKeyConstraintName: 'attachment_uploader_credential_fk',
  })
  uploaderCredential?: unknown;

  /** Upload-Length: the blob's size in bytes. */
  @Column({ name: 'declared_length', type: 'bigint' })
  declaredLength!: string;

  /** Upload-Offset: the bytes stored so far, always a prefix of the blob. */
  @Column({ name: 'received_length', type: 'bigint', default: 0 })
  receivedLength!: string;

  @Column({ type: 'enum', enum: AttachmentStatus, enumName: 'attachment_status' })
  status!: AttachmentStatus;

  /** BLAKE2b-256 of the whole blob, computed by the server when the last byte arrived. */
  @Column({ name: 'ciphertext_hash', type: 'bytea', nullable: true })
  ciphertextHash!: Buffer | null;

  /** The message that carries it, set in the send's transaction; once set, never changed. */
  @Column({ name: 'message_id', type: 'varchar', length: 128, nullable: true })
  messageId!: string | null;

  /** Its place (1, 2, …) among the message's attachments, as the sender listed them. */
  @Column({ name: 'message_position', type: 'smallint', nullable: true })
  messagePosition!: number | null;

  @ManyToOne(() => MessageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'attachment_message_fk' })
  message?: MessageEntity;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
