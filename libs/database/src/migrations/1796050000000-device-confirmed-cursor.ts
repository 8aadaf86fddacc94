import type { MigrationInterface, QueryRunner } from 'typeorm';
import { revokeFromApplication, table } from './privileges';

/**
 * A device's delivery confirmations as one number (docs/messaging.md): the
 * highest cursor it confirmed, on its device row, instead of an update of
 * every delivery row it received — about 2,000 row updates a second at
 * 2,000 deliveries a second, none of them HOT (they left the partial index
 * dropped here), each with new entries in three indexes (docs/benchmarks.md). `message_delivery_state` says which deliveries are
 * confirmed: a webhook's 2xx still stamps its one row (`delivered_at`).
 */
export class DeviceConfirmedCursor1796050000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "device" ADD "delivery_confirmed_up_to" bigint NOT NULL DEFAULT 0`,
    );
    await queryRunner.query(`DROP INDEX "public"."message_delivery_unconfirmed_idx"`);
    await queryRunner.query(
      `CREATE VIEW "message_delivery_state" AS
       SELECT md.id, md.message_id, md.device_id, md.user_id,
              (md.delivered_at IS NOT NULL OR md.id <= d.delivery_confirmed_up_to) AS confirmed
         FROM message_delivery md
         JOIN device d ON d.device_id = md.device_id`,
    );
    await revokeFromApplication(queryRunner, [
      { objects: [table('message_delivery_state')], keep: ['SELECT'] },
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // What the marks confirmed is stamped on the rows, as it used to be written.
    await queryRunner.query(
      `UPDATE message_delivery md SET delivered_at = now()
         FROM device d
        WHERE d.device_id = md.device_id AND md.delivered_at IS NULL
          AND md.id <= d.delivery_confirmed_up_to`,
    );
    await queryRunner.query(`DROP VIEW "message_delivery_state"`);
    await queryRunner.query(
      `CREATE INDEX "message_delivery_unconfirmed_idx" ON "message_delivery" ("device_id", "id") WHERE delivered_at IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE "device" DROP COLUMN "delivery_confirmed_up_to"`);
  }
}
