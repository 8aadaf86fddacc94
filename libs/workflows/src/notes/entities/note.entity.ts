import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { UserEntity } from '@fpn/identity';
import { SilenceProcedureEntity } from '../../procedures/entities/silence-procedure.entity';
import { NoteKind } from '../note-types';
import { NoteSeriesEntity } from './note-series.entity';

/**
 * A numbered note as issued: its number and reference, dated at the seat,
 * rendered in English and Russian (Markdown). Never edited or deleted: the
 * application's role may only insert and read.
 */
@Entity({ name: 'note' })
@Unique('note_series_year_number_uq', ['seriesId', 'year', 'number'])
@Unique('note_reference_uq', ['reference'])
@Index('note_issued_idx', ['issuedAt', 'id'])
export class NoteEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'note_pk' })
  id!: string;

  @Column({ name: 'series_id', type: 'uuid' })
  seriesId!: string;

  @ManyToOne(() => NoteSeriesEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'series_id', foreignKeyConstraintName: 'note_series_fk' })
  series?: NoteSeriesEntity;

  /** The year at the seat when it was issued. */
  @Column({ type: 'int' })
  year!: number;

  @Column({ type: 'int' })
  number!: number;

  @Column({ type: 'varchar', length: 140 })
  reference!: string;

  @Column({ type: 'enum', enum: NoteKind, enumName: 'note_kind' })
  kind!: NoteKind;

  /** The silence procedure it reports on, if any. */
  @Index('note_procedure_idx')
  @Column({ name: 'procedure_id', type: 'uuid', nullable: true })
  procedureId!: string | null;

  @ManyToOne(() => SilenceProcedureEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'procedure_id', foreignKeyConstraintName: 'note_procedure_fk' })
  procedure?: SilenceProcedureEntity;

  @Column({ name: 'title_en', type: 'text' })
  titleEn!: string;

  @Column({ name: 'title_ru', type: 'text' })
  titleRu!: string;

  /** The English text as issued (Markdown): reference, place and date, body. */
  @Column({ name: 'body_en', type: 'text' })
  bodyEn!: string;

  @Column({ name: 'body_ru', type: 'text' })
  bodyRu!: string;

  /** The date at the seat (YYYY-MM-DD). */
  @Column({ type: 'date' })
  dated!: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  /** The account that issued it; null when the system did (a procedure's outcome at its deadline). */
  @Column({ name: 'issued_by', type: 'uuid', nullable: true })
  issuedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issued_by', foreignKeyConstraintName: 'note_issued_by_fk' })
  issuer?: UserEntity;

  /** Numbered elsewhere and registered here with its number. */
  @Column({ type: 'boolean', default: false })
  registered!: boolean;
}
