import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NoteSeriesEntity } from './note-series.entity';

/**
 * The last number taken in a series and year. The issuing transaction bumps
 * it with one upsert: its row lock serialises concurrent issuers, and a
 * rolled-back note gives its number back.
 */
@Entity({ name: 'note_counter' })
export class NoteCounterEntity {
  @PrimaryColumn({ name: 'series_id', type: 'uuid', primaryKeyConstraintName: 'note_counter_pk' })
  seriesId!: string;

  /** The year at the seat; 0 for a series whose references carry no year (numbered on across years). */
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'note_counter_pk' })
  year!: number;

  @ManyToOne(() => NoteSeriesEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'series_id', foreignKeyConstraintName: 'note_counter_series_fk' })
  series?: NoteSeriesEntity;

  @Column({ name: 'last_number', type: 'int' })
  lastNumber!: number;
}
