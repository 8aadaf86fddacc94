import { Column, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageThreadEntity } from './message-thread.entity';
import { HandlingCode, MessageCategory, MessagePriority } from './messaging-enums';

/**
 * One message: the envelope exactly once, in its canonical JSON form, with
 * the visible metadata copied into columns for routing, deadlines and
 * statistics. The content is the envelope's ciphertext: the server cannot
 * read it. Never updated or deleted by the application.
 */
@Entity({ name: 'message' })
@Index('message_thread_seq_idx', ['threadId', 'seq'])
export class MessageEntity {
  /** The client's message id (the envelope's messageId): the idempotency key of a send. */
  @PrimaryColumn({ type: 'varchar', length: 128, primaryKeyConstraintName: 'message_pk' })
  id!: string;

  /** Commit order (taken under the delivery lock): the order of a thread's messages. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq!: string;

  @Column({ name: 'thread_id', type: 'varchar', length: 128 })
  threadId!: string;

  @ManyToOne(() => MessageThreadEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'thread_id', foreignKeyConstraintName: 'message_thread_fk' })
  thread?: MessageThreadEntity;

  /** The sending account (for a ministry system: the account it acts for). */
  @Column({ name: 'sender_user_id', type: 'uuid' })
  senderUserId!: string;

  @ManyToOne('user_account', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sender_user_id', foreignKeyConstraintName: 'message_sender_user_fk' })
  senderUser?: unknown;

  /** The device whose signing key signed the envelope. */
  @Column({ name: 'sender_device_id', type: 'varchar', length: 128 })
  senderDeviceId!: string;

  /** The ministry system's API credential that sent it, if one did. */
  @Column({ name: 'sender_credential_id', type: 'uuid', nullable: true })
  senderCredentialId!: string | null;

  @ManyToOne('api_credential', { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'sender_credential_id',
    foreignKeyConstraintName: 'message_sender_credential_fk',
  })
  senderCredential?: unknown;

  /** The sender's member state (a ministry system's: its credential's); null for the Secretariat. */
  @Column({ name: 'sender_member_state_code', type: 'char', length: 2, nullable: true })
  senderMemberStateCode!: string | null;

  @Column({ type: 'enum', enum: MessageCategory, enumName: 'message_category' })
  category!: MessageCategory;

  @Column({ type: 'enum', enum: MessagePriority, enumName: 'message_priority' })
  priority!: MessagePriority;

  @Column({ name: 'handling_code', type: 'enum', enum: HandlingCode, enumName: 'handling_code' })
  handlingCode!: HandlingCode;

  /** A, B, C or X (evaluation codes, optional). */
  @Column({ name: 'source_reliability', type: 'char', length: 1, nullable: true })
  sourceReliability!: string | null;

  /** 1–4 (evaluation codes, optional). */
  @Column({ name: 'information_accuracy', type: 'char', length: 1, nullable: true })
  informationAccuracy!: string | null;

  /** A request's due date, as signed in the metadata. */
  @Column({ name: 'due_date', type: 'timestamptz', nullable: true })
  dueDate!: Date | null;

  /** A message of the same thread this one answers. */
  @Column({ name: 'in_reply_to', type: 'varchar', length: 128, nullable: true })
  inReplyTo!: string | null;

  @ManyToOne(() => MessageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'in_reply_to', foreignKeyConstraintName: 'message_in_reply_to_fk' })
  repliedTo?: MessageEntity;

  /** The envelope's canonical JSON (what `envelopeToJson` writes), stored once. */
  @Column({ type: 'text' })
  envelope!: string;

  /** SHA-256 of `envelope`: a retry with the same id must carry the same envelope. */
  @Column({ name: 'envelope_sha256', type: 'bytea' })
  envelopeSha256!: Buffer;

  /** The size of the encrypted body, for limits and statistics. */
  @Column({ name: 'ciphertext_bytes', type: 'int' })
  ciphertextBytes!: number;

  /** Addressed accounts (not the sender). */
  @Column({ name: 'recipient_accounts', type: 'int' })
  recipientAccounts!: number;

  /** Devices it was sealed to: the addressed accounts' and the sender's other devices. */
  @Column({ name: 'recipient_devices', type: 'int' })
  recipientDevices!: number;

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;
}
