import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { MemberStateEntity } from '@fpn/directory';
import { UserEntity } from '@fpn/identity';
import { SilenceStatementKind } from '../procedure-kinds';
import { SilenceProcedureEntity } from './silence-procedure.entity';

/**
 * What a member state said in a procedure, through one of its coordinators.
 * Insert-only for the application role (migration 1796030000000): the state's
 * latest statement stands, earlier ones stay as the record.
 */
@Entity({ name: 'silence_statement' })
@Index('silence_statement_procedure_idx', ['procedureId', 'memberStateCode', 'id'])
@Check(
  'silence_statement_reason_check',
  `kind NOT IN ('objection', 'amendment') OR reason IS NOT NULL`,
)
export class SilenceStatementEntity {
  /** Increasing: the order statements were made in (the latest stands). */
  @PrimaryGeneratedColumn('increment', {
    type: 'bigint',
    primaryKeyConstraintName: 'silence_statement_pk',
  })
  id!: string;

  @Column({ name: 'procedure_id', type: 'uuid' })
  procedureId!: string;

  @ManyToOne(() => SilenceProcedureEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'procedure_id', foreignKeyConstraintName: 'silence_statement_procedure_fk' })
  procedure?: SilenceProcedureEntity;

  @Column({ name: 'member_state_code', type: 'char', length: 2 })
  memberStateCode!: string;

  @ManyToOne(() => MemberStateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_state_code', foreignKeyConstraintName: 'silence_statement_state_fk' })
  memberState?: MemberStateEntity;

  @Column({ type: 'enum', enum: SilenceStatementKind, enumName: 'silence_statement_kind' })
  kind!: SilenceStatementKind;

  /** The objection's reasons, or the proposed amendment; optional otherwise. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** The coordinator who made it. */
  @Column({ name: 'made_by', type: 'uuid' })
  madeBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'made_by', foreignKeyConstraintName: 'silence_statement_made_by_fk' })
  maker?: UserEntity;

  @Column({ name: 'made_at', type: 'timestamptz' })
  madeAt!: Date;
}
