import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ActivityEntity } from './activity.entity';

/**
 * A document of an activity: a link (agenda, report, presentation kept
 * elsewhere) or one of the Secretariat's numbered notes — exactly one of them.
 */
@Entity({ name: 'activity_document' })
@Check('activity_document_target_check', '(url IS NULL) <> (note_id IS NULL)')
@Index('activity_document_activity_idx', ['activityId', 'addedAt'])
export class ActivityDocumentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'activity_document_pk' })
  id!: string;

  @Column({ name: 'activity_id', type: 'uuid' })
  activityId!: string;

  @ManyToOne(() => ActivityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'activity_id', foreignKeyConstraintName: 'activity_document_activity_fk' })
  activity?: ActivityEntity;

  @Column({ type: 'text' })
  title!: string;

  /** An http(s) address; null when the document is a note. */
  @Column({ type: 'text', nullable: true })
  url!: string | null;

  /** A numbered note (libs/workflows/src/notes); null when the document is a link. */
  @Column({ name: 'note_id', type: 'uuid', nullable: true })
  noteId!: string | null;

  // By table name: notes are their own part of this library.
  @ManyToOne('note', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'note_id', foreignKeyConstraintName: 'activity_document_note_fk' })
  note?: unknown;

  @Column({ name: 'added_by', type: 'uuid', nullable: true })
  addedBy!: string | null;

  @ManyToOne('user_account', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'added_by', foreignKeyConstraintName: 'activity_document_added_by_fk' })
  adder?: unknown;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;
}
