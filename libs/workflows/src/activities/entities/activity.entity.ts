import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { MemberStateEntity, NetworkEntity } from '@fpn/directory';

/** The Action Plan's kinds of activity. */
export enum ActivityKind {
  MEETING = 'meeting',
  SEMINAR = 'seminar',
  TRAINING = 'training',
}

/** Planned until the Secretariat records it held (once it has begun) or cancels it. */
export enum ActivityStatus {
  PLANNED = 'planned',
  HELD = 'held',
  CANCELLED = 'cancelled',
}

/**
 * A meeting, seminar or training of one network (DESIGN §3.7): when (exact
 * instants and the zone people meet in), where (a venue, online, or both),
 * who hosts it. Never deleted: a cancelled activity stays on the calendar.
 */
@Entity({ name: 'activity' })
@Check('activity_period_check', 'ends_at > starts_at')
@Check('activity_place_check', 'venue IS NOT NULL OR online')
// The calendar query: a network's activities by start, and all of them by start.
@Index('activity_network_start_idx', ['networkId', 'startsAt'])
@Index('activity_start_idx', ['startsAt'])
export class ActivityEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'activity_pk' })
  id!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'network_id', foreignKeyConstraintName: 'activity_network_fk' })
  network?: NetworkEntity;

  @Column({ type: 'enum', enum: ActivityKind, enumName: 'activity_kind' })
  kind!: ActivityKind;

  @Column({ type: 'enum', enum: ActivityStatus, enumName: 'activity_status' })
  status!: ActivityStatus;

  @Column({ name: 'title_en', type: 'text' })
  titleEn!: string;

  @Column({ name: 'title_ru', type: 'text' })
  titleRu!: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  /** IANA zone the activity's times are shown in, e.g. `Asia/Almaty`. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  /** Where it meets in person; null when only online. */
  @Column({ type: 'text', nullable: true })
  venue!: string | null;

  @Column({ type: 'boolean', default: false })
  online!: boolean;

  @Column({ name: 'host_state_code', type: 'char', length: 2, nullable: true })
  hostStateCode!: string | null;

  @ManyToOne(() => MemberStateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'host_state_code', foreignKeyConstraintName: 'activity_host_state_fk' })
  hostState?: MemberStateEntity;

  /** Raised by every change: `updateActivity` names the version it edits. */
  @Column({ type: 'int', default: 1 })
  version!: number;

  /** The Secretariat account that entered it (kept in the audit log if the account goes). */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  // By table name: the account belongs to the identity library.
  @ManyToOne('user_account', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'activity_created_by_fk' })
  creator?: unknown;

  /** From the injected clock, like every business time. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Any change to the activity, its participants or documents (the feed's LAST-MODIFIED). */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
