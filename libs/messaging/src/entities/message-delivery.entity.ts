import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MessageEntity } from './message.entity';

/**
 * A message for one device: written with the message, one row per sealed
 * key. Its id is the device's cursor: ids are taken under the account's lock
 * held to commit, so a device that read up to an id has seen every row below
 * it — and every row it will be sent later has a higher id.
 */
@Entity({ name: 'message_delivery' })
@Index('message_delivery_message_device_unique', ['messageId', 'deviceId'], { unique: true })
// The inbox: a device's deliveries after its cursor.
@Index('message_delivery_device_cursor_idx', ['deviceId', 'id'])
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

  /**
   * When a webhook's 2xx confirmed this one row. A device confirming up to a
   * cursor moves its device row's mark instead (`delivery_confirmed_up_to`):
   * the view `message_delivery_state` says whether a delivery is confirmed
   * either way.
   */
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
