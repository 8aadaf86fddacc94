import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NetworkEntity } from '@fpn/directory';

/**
 * A calendar subscription: an iCalendar address that carries a token, since
 * calendar applications send no bearer token. Only the token's SHA-256 is
 * kept; the feed shows what its owner may see, for as long as they may.
 */
@Entity({ name: 'calendar_feed' })
@Index('calendar_feed_user_idx', ['userId', 'createdAt'])
export class CalendarFeedEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'calendar_feed_pk' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne('user_account', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'calendar_feed_user_fk' })
  user?: unknown;

  /** SHA-256 of the 32-byte random token in the feed's address. */
  @Index('calendar_feed_token_hash_unique', { unique: true })
  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  /** One network; null: every network the owner may see. */
  @Column({ name: 'network_id', type: 'uuid', nullable: true })
  networkId!: string | null;

  @ManyToOne(() => NetworkEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'network_id', foreignKeyConstraintName: 'calendar_feed_network_fk' })
  network?: NetworkEntity;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** The last fetch (at most one write an hour). */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
