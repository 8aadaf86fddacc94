import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { MemberStateEntity } from '../member-states/member-state.entity';

export enum AuthorityKind {
  POLICE = 'police',
  CUSTOMS = 'customs',
  BORDER_GUARD = 'border_guard',
  FIU = 'fiu',
  MINISTRY = 'ministry',
  OTHER = 'other',
}

/** A competent authority of a member state: a police service, customs, an FIU, a ministry. */
@Entity({ name: 'authority' })
@Index('authority_state_name_unique', ['memberStateCode', 'nameEn'], { unique: true })
export class AuthorityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'member_state_code', type: 'char', length: 2 })
  memberStateCode!: string;

  @ManyToOne(() => MemberStateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_state_code', foreignKeyConstraintName: 'authority_member_state_fk' })
  memberState?: MemberStateEntity;

  @Column({ name: 'name_en', type: 'varchar', length: 300 })
  nameEn!: string;

  /** The name in Russian, where the state gave one. */
  @Column({ name: 'name_ru', type: 'varchar', length: 300, nullable: true })
  nameRu!: string | null;

  @Column({ type: 'enum', enum: AuthorityKind, enumName: 'authority_kind' })
  kind!: AuthorityKind;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
