import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MessageEntity } from './message.entity';

/**
 * A message for one device: written with the message, one row per sealed
 * key. Its id is the device's cursor: ids are taken under one lock held to
 * commit, so a device that read up to an id has seen every row below it.
 */
@Entity({ name: 'message_delivery' })
@Index('message_delivery_message_device_unique', ['messageId', 'deviceId'], { unique: true })
// The inbox: a device's deliveries after its cursor.
@Index('message_delivery_device_cursor_idx', ['deviceId', 'id'])
// confirmDelivery touches only what is still unconfirmed, however long a device's history.
@Index('message_delivery_unconfirmed_idx', ['deviceId', 'id'], { where: 'delivered_at IS NULL' })
export class MessageDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'message_delivery_pk' })
  id!: string;

  @Column({ name: 'message_id', type: 'varchar', length: 128 })
  messageId!: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'message_delivery_message_fk' })
  message?: MessageEntity;

  /**
   * The recipient device (its certificate's id). No foreign key: the row is
   * written from the devices just read from the key directory, devices are
   * never deleted (libs/keys), and a check per delivery is what a send can
   * least afford.
   */
  @Column({ name: 'device_id', type: 'varchar', length: 128 })
  deviceId!: string;

  /** The device's account, for per-person status without a join to the key directory. */
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** When the device confirmed receipt (confirmDelivery up to a cursor at or past this row). */
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
