import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { AuthorityEntity } from '../authorities/authority.entity';
import { MemberStateEntity } from '../member-states/member-state.entity';
import type { NetworkMembershipEntity } from '../memberships/network-membership.entity';

export enum Availability {
  /** Reachable around the clock, every day. */
  ROUND_THE_CLOCK = 'round_the_clock',
  OFFICE_HOURS = 'office_hours',
}

export enum FocalPointStatus {
  ACTIVE = 'active',
  SUSPENDED = 'suspended',
  RETIRED = 'retired',
}

export enum ContactChannelKind {
  EMAIL = 'email',
  PHONE = 'phone',
  MOBILE = 'mobile',
  FAX = 'fax',
  SECURE_MESSENGER = 'secure_messenger',
}

/** One way to reach a focal point outside the network. */
export interface ContactChannel {
  kind: ContactChannelKind;
  value: string;
  /** e.g. "duty desk", "after hours". */
  note?: string | null;
}

/**
 * A person a member state has named as its point of contact, in one or more
 * networks (memberships), at one of its authorities. Changed only through the
 * directory's paper trail (proposals, approvals, versions).
 */
@Entity({ name: 'focal_point' })
// Reading (libs/directory/src/reading): the page order — full name, then id — alone,
// within a state and within a status. The GIN indexes (trigram search, languages)
// are written by migration 1795940000000; TypeORM cannot describe them.
@Index('focal_point_name_order_idx', ['fullName', 'id'])
@Index('focal_point_state_name_order_idx', ['memberStateCode', 'fullName', 'id'])
@Index('focal_point_status_name_order_idx', ['status', 'fullName', 'id'])
@Index('focal_point_search_text_trgm_idx', { synchronize: false })
@Index('focal_point_languages_idx', { synchronize: false })
// The freshness sweep's candidates: active entries not yet escalated, oldest confirmation first.
@Index('focal_point_freshness_idx', ['lastConfirmedAt'], {
  where: "status = 'active' AND escalated_at IS NULL",
})
export class FocalPointEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('focal_point_member_state_idx')
  @Column({ name: 'member_state_code', type: 'char', length: 2 })
  memberStateCode!: string;

  @ManyToOne(() => MemberStateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'member_state_code',
    foreignKeyConstraintName: 'focal_point_member_state_fk',
  })
  memberState?: MemberStateEntity;

  @Index('focal_point_authority_idx')
  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'focal_point_authority_fk' })
  authority?: AuthorityEntity;

  /** As the person writes it (Latin or Cyrillic). */
  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  /** ISO 639-1 codes of the languages the person works in, e.g. `{ru,en,kk}`. */
  @Column({ type: 'varchar', length: 8, array: true, default: () => "'{}'" })
  languages!: string[];

  /** IANA time zone, e.g. `Asia/Almaty`. */
  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone!: string;

  @Column({ type: 'enum', enum: Availability, enumName: 'availability' })
  availability!: Availability;

  @Column({ name: 'contact_channels', type: 'jsonb', default: () => "'[]'" })
  contactChannels!: ContactChannel[];

  @Column({
    type: 'enum',
    enum: FocalPointStatus,
    enumName: 'focal_point_status',
    default: FocalPointStatus.ACTIVE,
  })
  status!: FocalPointStatus;

  /** When the person last confirmed the entry is true (or when it was approved). */
  @Column({ name: 'last_confirmed_at', type: 'timestamptz' })
  lastConfirmedAt!: Date;

  /**
   * The confirmation cycle (libs/directory/src/freshness): when the reminder
   * went out, when the entry was marked stale, when it was escalated to the
   * state's coordinators. Each step happens once; a confirmation clears all three.
   */
  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt!: Date | null;

  @Column({ name: 'stale_since', type: 'timestamptz', nullable: true })
  staleSince!: Date | null;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;

  /**
   * Name, title and authority names, transliterated to lower-case Latin, for
   * free-text search. Kept by the database (trigger `focal_point_search_text`,
   * also on an authority's rename), never written by the application; the same
   * function in TypeScript is `focalPointSearchText`. Not loaded with the entry.
   */
  @Column({ name: 'search_text', type: 'text', select: false, insert: false, update: false })
  searchText?: string;

  /** The account of the person, once linked through an approved proposal; unique. */
  @Index('focal_point_user_unique', { unique: true, where: 'user_id IS NOT NULL' })
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  // By table name: the account belongs to the identity library.
  @ManyToOne('user_account', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'focal_point_user_fk' })
  user?: unknown;

  /** Every approved change adds one: the entry's version in its history. */
  @Column({ type: 'int', default: 1 })
  version!: number;

  @OneToMany('NetworkMembershipEntity', 'focalPoint')
  memberships?: NetworkMembershipEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
