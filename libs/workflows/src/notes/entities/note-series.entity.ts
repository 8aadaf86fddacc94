import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A series of numbered notes (e.g. `NCT/G`): its key, how a reference is
 * written, and its names. Numbers run per series and year (note_counter).
 */
@Entity({ name: 'note_series' })
@Unique('note_series_key_uq', ['key'])
export class NoteSeriesEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'note_series_pk' })
  id!: string;

  /** Upper-case letters and digits in parts joined by `/` or `-`, e.g. `NCT/G`. */
  @Column({ type: 'varchar', length: 32 })
  key!: string;

  /** Placeholders `{series}`, `{number}`, `{year}`; `{number}` is required. */
  @Column({
    name: 'reference_format',
    type: 'varchar',
    length: 100,
    default: '{series}/{number}',
  })
  referenceFormat!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn!: string;

  @Column({ name: 'name_ru', type: 'varchar', length: 200 })
  nameRu!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Null for the series the system made (the migration's, or the configured default on first use). */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;
}
