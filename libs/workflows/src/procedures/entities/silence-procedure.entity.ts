import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NetworkEntity } from '@fpn/directory';
import { UserEntity } from '@fpn/identity';
import { SilenceProcedureStatus } from '../procedure-kinds';

/**
 * A silence procedure (DESIGN §1): the Secretariat circulates a draft with a
 * deadline; it is approved unless a member state breaks silence before it.
 * The sweep closes it at the deadline (SilenceProceduresSweeper).
 */
@Entity({ name: 'silence_procedure' })
// The sweep's candidates: open procedures by deadline.
@Index('silence_procedure_due_idx', ['deadline'], { where: `status = 'open'` })
@Index('silence_procedure_opened_idx', ['openedAt', 'id'])
export class SilenceProcedureEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'silence_procedure_pk' })
  id!: string;

  @Column({ name: 'title_en', type: 'varchar', length: 300 })
  titleEn!: string;

  @Column({ name: 'title_ru', type: 'varchar', length: 300 })
  titleRu!: string;

  /** The draft as circulated: a conference document, not message content. */
  @Column({ name: 'document_text', type: 'text', nullable: true })
  documentText!: string | null;

  /**
   * The draft as an encrypted message (with its attachments) the opener sent
   * to the coordinators (`to: { coordinators: true }`): its id, never its content.
   */
  @Column({ name: 'document_message_id', type: 'varchar', length: 128, nullable: true })
  documentMessageId!: string | null;

  @ManyToOne('message', { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'document_message_id',
    foreignKeyConstraintName: 'silence_procedure_document_message_fk',
  })
  documentMessage?: unknown;

  /** The priority area (network), if any. */
  @Column({ name: 'network_id', type: 'uuid', nullable: true })
  networkId!: string | null;

  @ManyToOne(() => NetworkEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'network_id', foreignKeyConstraintName: 'silence_procedure_network_fk' })
  network?: NetworkEntity;

  /** Statements are taken strictly before this instant. */
  @Column({ type: 'timestamptz' })
  deadline!: Date;

  /** The IANA zone the Secretariat stated the deadline in, e.g. `Asia/Almaty`. */
  @Column({ name: 'deadline_time_zone', type: 'varchar', length: 64 })
  deadlineTimeZone!: string;

  @Column({
    type: 'enum',
    enum: SilenceProcedureStatus,
    enumName: 'silence_procedure_status',
    default: SilenceProcedureStatus.OPEN,
  })
  status!: SilenceProcedureStatus;

  @Column({ name: 'opened_by', type: 'uuid' })
  openedBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'opened_by', foreignKeyConstraintName: 'silence_procedure_opened_by_fk' })
  opener?: UserEntity;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  /** When it was closed by the sweep, or withdrawn. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true })
  withdrawnReason!: string | null;

  /** Raised by every change of the row (extension, withdrawal, closing). */
  @Column({ type: 'int', default: 1 })
  version!: number;
}
