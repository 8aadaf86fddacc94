import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { NotificationParam } from '../notification-kind';

/**
 * An in-app notification: what happened, as metadata, never message content.
 * Listed newest first per user; pushed live once (`pushed_at`).
 */
@Entity({ name: 'notification' })
// A backward scan serves "newest first"; the id breaks ties for the cursor.
@Index('notification_user_created_idx', ['userId', 'createdAt', 'id'])
@Index('notification_unpushed_idx', ['createdAt'], { where: '"pushed_at" IS NULL' })
export class NotificationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  // By table name: identity depends on this library, not the other way round.
  @ManyToOne('user_account', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'notification_user_fk' })
  user?: unknown;

  /** A `NotificationKind`. */
  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  @Column({ type: 'jsonb' })
  params!: Record<string, NotificationParam>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  /** When the live push went out; null until then. */
  @Column({ name: 'pushed_at', type: 'timestamptz', nullable: true })
  pushedAt!: Date | null;
}
