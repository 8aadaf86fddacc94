import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** How often a focal point confirms their entry unless the network says otherwise (DESIGN §3.1). */
export const DEFAULT_CONFIRMATION_INTERVAL_DAYS = 182;

/** A network of focal points: one per priority area of the Action Plan. */
@Entity({ name: 'network' })
export class NetworkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable, URL-safe key such as `law-enforcement`. */
  @Index('network_key_unique', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn!: string;

  @Column({ name: 'name_ru', type: 'varchar', length: 200 })
  nameRu!: string;

  /** How often each focal point must confirm their entry (DESIGN §3.1). */
  @Column({
    name: 'confirmation_interval_days',
    type: 'int',
    default: DEFAULT_CONFIRMATION_INTERVAL_DAYS,
  })
  confirmationIntervalDays!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
