import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DirectoryChangeEntity } from '../changes/directory-change.entity';

/** What a version is a version of. */
export enum DirectoryEntityType {
  FOCAL_POINT = 'focal_point',
  AUTHORITY = 'authority',
  NETWORK = 'network',
  /** A state's request languages and notes. */
  MEMBER_STATE = 'member_state',
}

/** A value before or after a change, as JSON. */
export type VersionValue =
  string | number | boolean | null | VersionValue[] | { [key: string]: VersionValue };

/** Field name → its value before and after; a field that did not exist before is `from: null`. */
export type VersionChanges = Record<string, { from: VersionValue; to: VersionValue }>;

/**
 * One applied change to one directory entity: who, when, why, and what
 * changed. Insert-only for the application role (the migration revokes
 * UPDATE, DELETE and TRUNCATE), so the history cannot be rewritten.
 */
@Entity({ name: 'directory_version' })
@Index('directory_version_entity_unique', ['entityType', 'entityId', 'version'], { unique: true })
@Index('directory_version_entity_idx', ['entityId', 'id'])
export class DirectoryVersionEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({
    name: 'entity_type',
    type: 'enum',
    enum: DirectoryEntityType,
    enumName: 'directory_entity_type',
  })
  entityType!: DirectoryEntityType;

  /** A uuid, or a member state's code. */
  @Column({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId!: string;

  /** The state the entity belongs to; null for networks. */
  @Column({ name: 'member_state_code', type: 'char', length: 2, nullable: true })
  memberStateCode!: string | null;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'jsonb' })
  changes!: VersionChanges;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId!: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 32 })
  actorRole!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason!: string | null;

  /** The approved proposal this version applied, if any. */
  @Column({ name: 'change_id', type: 'uuid', nullable: true })
  changeId!: string | null;

  @ManyToOne(() => DirectoryChangeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'change_id', foreignKeyConstraintName: 'directory_version_change_fk' })
  change?: DirectoryChangeEntity;
}
