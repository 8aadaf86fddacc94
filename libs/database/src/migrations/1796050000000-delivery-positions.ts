import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery's cursor becomes its position, taken after the send committed
 * (libs/messaging delivery/delivery-positions.ts) instead of a serial id taken
 * under a lock every send held to commit. Existing rows keep their id as
 * position, so cursors given out before stay valid; new positions continue
 * above them.
 */
export class DeliveryPositions1796050000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "message_delivery" ADD "position" bigint`);
    await queryRunner.query(`UPDATE "message_delivery" SET "position" = "id"`);
    await queryRunner.query(`CREATE SEQUENCE "message_delivery_position_seq" AS bigint`);
    await queryRunner.query(
      `SELECT setval('message_delivery_position_seq', COALESCE(max("id"), 0) + 1, false) FROM "message_delivery"`,
    );
    await queryRunner.query(`DROP INDEX "public"."message_delivery_device_cursor_idx"`);
    await queryRunner.query(`DROP INDEX "public"."message_delivery_unconfirmed_idx"`);
    await queryRunner.query(
      `CREATE INDEX "message_delivery_device_cursor_idx" ON "message_delivery" ("device_id", "position") `,
    );
    await queryRunner.query(
      `CREATE INDEX "message_delivery_unconfirmed_idx" ON "message_delivery" ("device_id", "position") WHERE delivered_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "message_delivery_unpositioned_idx" ON "message_delivery" ("id") WHERE position IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Rows positioned after the change keep a cursor above every id: back to ids, a device
    // that confirmed up to such a position would skip rows. Refused while any exists.
    const [moved] = await queryRunner.query(
      `SELECT 1 FROM "message_delivery" WHERE "position" IS DISTINCT FROM "id" LIMIT 1`,
    );
    if (moved) throw new Error('deliveries positioned after the change exist: revert refused');
    await queryRunner.query(`DROP INDEX "public"."message_delivery_unpositioned_idx"`);
    await queryRunner.query(`DROP INDEX "public"."message_delivery_unconfirmed_idx"`);
    await queryRunner.query(`DROP INDEX "public"."message_delivery_device_cursor_idx"`);
    await queryRunner.query(
      `CREATE INDEX "message_delivery_device_cursor_idx" ON "message_delivery" ("device_id", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "message_delivery_unconfirmed_idx" ON "message_delivery" ("device_id", "id") WHERE delivered_at IS NULL`,
    );
    await queryRunner.query(`DROP SEQUENCE "message_delivery_position_seq"`);
    await queryRunner.query(`ALTER TABLE "message_delivery" DROP COLUMN "position"`);
  }
}
