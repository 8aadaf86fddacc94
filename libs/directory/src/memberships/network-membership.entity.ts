import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { FocalPointEntity } from '../focal-points/focal-point.entity';
import { NetworkEntity } from '../networks/network.entity';

export enum MembershipRole {
  PRIMARY = 'primary',
  ALTERNATE = 'alternate',
}

/** A focal point's place in a network: the state's primary or an alternate. */
@Entity({ name: 'network_membership' })
@Index('network_membership_unique', ['focalPointId', 'networkId'], { unique: true })
export class NetworkMembershipEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'focal_point_id', type: 'uuid' })
  focalPointId!: string;

  @ManyToOne(() => FocalPointEntity, (focalPoint) => focalPoint.memberships, {
    onDelete: 'CASCADE',
  })
  @JoinColumn({
    name: 'focal_point_id',
    foreignKeyConstraintName: 'network_membership_focal_point_fk',
  })
  focalPoint?: FocalPointEntity;

  @Index('network_membership_network_idx')
  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'network_id', foreignKeyConstraintName: 'network_membership_network_fk' })
  network?: NetworkEntity;

  @Column({ type: 'enum', enum: MembershipRole, enumName: 'membership_role' })
  role!: MembershipRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
