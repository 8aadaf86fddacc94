import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { IdentityKeyEntity } from './identity-key.entity';

/** One confirmed change of an account's identity key: the record every contact is told about. */
@Entity({ name: 'identity_key_change' })
@Index('identity_key_change_time_idx', ['changedAt'])
export class IdentityKeyChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('identity_key_change_user_idx')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne('user_account', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'identity_key_change_user_fk' })
  user?: unknown;

  @Column({ name: 'previous_key_id', type: 'uuid' })
  previousKeyId!: string;

  @ManyToOne(() => IdentityKeyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'previous_key_id',
    foreignKeyConstraintName: 'identity_key_change_previous_fk',
  })
  previousKey?: IdentityKeyEntity;

  @Column({ name: 'new_key_id', type: 'uuid' })
  newKeyId!: string;

  @ManyToOne(() => IdentityKeyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'new_key_id', foreignKeyConstraintName: 'identity_key_change_new_fk' })
  newKey?: IdentityKeyEntity;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  /** How many devices the old key had certified; all were revoked with the change. */
  @Column({ name: 'devices_revoked', type: 'int' })
  devicesRevoked!: number;
}
