import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Addressing, ThreadKind } from './messaging-enums';

/**
 * A case within a network, or a direct thread. Its id is the client's (the
 * envelope's threadId). The addressing is kept, not the audience: each
 * message goes to whom the addressing reaches when it is sent.
 */
@Entity({ name: 'message_thread' })
@Check('message_thread_network_check', `(kind = 'network') = (network_id IS NOT NULL)`)
@Check('message_thread_direct_check', `(kind = 'direct') = (direct_user_id IS NOT NULL)`)
export class MessageThreadEntity {
  @PrimaryColumn({ type: 'varchar', length: 128, primaryKeyConstraintName: 'message_thread_pk' })
  id!: string;

  @Column({ type: 'enum', enum: ThreadKind, enumName: 'thread_kind' })
  kind!: ThreadKind;

  @Column({ type: 'enum', enum: Addressing, enumName: 'thread_addressing' })
  addressing!: Addressing;

  @Column({ name: 'network_id', type: 'uuid', nullable: true })
  networkId!: string | null;

  // By table name: networks belong to the directory library.
  @ManyToOne('network', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'network_id', foreignKeyConstraintName: 'message_thread_network_fk' })
  network?: unknown;

  /** STATES: the states addressed; otherwise the states of the people first addressed. */
  @Column({ name: 'member_state_codes', type: 'text', array: true, default: () => "'{}'" })
  memberStateCodes!: string[];

  /** FOCAL_POINTS: the directory entries addressed. */
  @Column({ name: 'focal_point_ids', type: 'uuid', array: true, default: () => "'{}'" })
  focalPointIds!: string[];

  /** DIRECT: the account the creator addressed. */
  @Column({ name: 'direct_user_id', type: 'uuid', nullable: true })
  directUserId!: string | null;

  @ManyToOne('user_account', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'direct_user_id', foreignKeyConstraintName: 'message_thread_direct_user_fk' })
  directUser?: unknown;

  /** The account that started it (for a ministry system: the account it acts for). */
  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @ManyToOne('user_account', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'message_thread_created_by_fk' })
  creator?: unknown;

  /** The ministry system's API credential that started it, if one did. */
  @Column({ name: 'created_by_credential_id', type: 'uuid', nullable: true })
  createdByCredentialId!: string | null;

  @ManyToOne('api_credential', { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'created_by_credential_id',
    foreignKeyConstraintName: 'message_thread_credential_fk',
  })
  createdByCredential?: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_message_at', type: 'timestamptz' })
  lastMessageAt!: Date;
}
