import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';
import { MemberStateEntity } from './member-state.entity';

/**
 * A state's legal and procedural notes for requests in one network (as the
 * UNODC directory of competent authorities keeps them): what a request must
 * contain, the legal basis, the channel, in both official languages.
 */
@Entity({ name: 'request_notes' })
export class RequestNotesEntity {
  @PrimaryColumn({ name: 'member_state_code', type: 'char', length: 2 })
  memberStateCode!: string;

  @ManyToOne(() => MemberStateEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_state_code', foreignKeyConstraintName: 'request_notes_state_fk' })
  memberState?: MemberStateEntity;

  @PrimaryColumn({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id', foreignKeyConstraintName: 'request_notes_network_fk' })
  network?: NetworkEntity;

  @Column({ name: 'notes_en', type: 'text' })
  notesEn!: string;

  @Column({ name: 'notes_ru', type: 'text' })
  notesRu!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
