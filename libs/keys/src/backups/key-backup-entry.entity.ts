import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

/**
 * One sealed entry of a key backup (a message key sealed to the backup public
 * key by a device). Opaque, and append-only: the application role may not
 * update, delete or truncate this table (migration 1795970000000-key-backups).
 */
@Entity({ name: 'key_backup_entry' })
@Index('key_backup_entry_backup_idx', ['backupId', 'id'])
export class KeyBackupEntryEntity {
  /** Increasing: the order of appending, and the paging cursor. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'backup_id', type: 'bigint' })
  backupId!: string;

  @ManyToOne('key_backup', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'backup_id', foreignKeyConstraintName: 'key_backup_entry_backup_fk' })
  backup?: unknown;

  @Column({ name: 'sealed', type: 'bytea' })
  sealed!: Buffer;

  @Column({ name: 'appended_at', type: 'timestamptz' })
  appendedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
