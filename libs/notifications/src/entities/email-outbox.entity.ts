import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { MailLanguage, NotificationParam } from '../notification-kind';

export enum EmailStatus {
  PENDING = 'pending',
  SENT = 'sent',
  FAILED = 'failed',
}

/**
 * An e-mail to send, written in the same transaction as the change it
 * reports; the worker sends it and records the outcome. Content-free: the
 * template is chosen by `kind` and filled from `params` when it is sent.
 */
@Entity({ name: 'email_outbox' })
@Index('email_outbox_due_idx', ['status', 'nextAttemptAt'])
export class EmailOutboxEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The account it concerns, when there is one. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  // By table name: identity depends on this library, not the other way round.
  @ManyToOne('user_account', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'email_outbox_user_fk' })
  user?: unknown;

  @Column({ name: 'to_address', type: 'varchar', length: 254 })
  toAddress!: string;

  @Column({ type: 'enum', enum: ['en', 'ru'], enumName: 'mail_language' })
  language!: MailLanguage;

  /** A `NotificationKind`. */
  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  @Column({ type: 'jsonb' })
  params!: Record<string, NotificationParam>;

  /**
   * What the template needs but must never be stored in clear (an invitation
   * token), sealed with SecretBox bound to this row's id; NULL once sent or
   * given up.
   */
  @Column({ name: 'sealed_secrets', type: 'text', nullable: true })
  sealedSecrets!: string | null;

  @Column({
    type: 'enum',
    enum: EmailStatus,
    enumName: 'email_status',
    default: EmailStatus.PENDING,
  })
  status!: EmailStatus;

  /** Delivery attempts made so far. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Due from then; while a worker sends it, a short lease in the future. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  /** The last failure as an error code (e.g. `ECONNECTION`), never an address or a secret. */
  @Column({ name: 'last_error', type: 'varchar', length: 64, nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
