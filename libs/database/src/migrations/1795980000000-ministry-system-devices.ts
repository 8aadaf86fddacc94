import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A ministry system's device (libs/keys): a device may be bound to the API
 * credential the system calls with — at most one active device per credential;
 * binding another revokes the previous one (`replaced`).
 */
export class MinistrySystemDevices1795980000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "device" ADD "api_credential_id" uuid`);
    // A new enum value cannot be used in the transaction that adds it; nothing here uses it.
    await queryRunner.query(`ALTER TYPE "public"."device_revocation_reason" ADD VALUE 'replaced'`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "device_api_credential_active_unique" ON "device" ("api_credential_id") WHERE status = 'active' AND api_credential_id IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "device" ADD CONSTRAINT "device_api_credential_fk" FOREIGN KEY ("api_credential_id") REFERENCES "api_credential"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "device" DROP CONSTRAINT "device_api_credential_fk"`);
    await queryRunner.query(`DROP INDEX "public"."device_api_credential_active_unique"`);
    await queryRunner.query(`ALTER TABLE "device" DROP COLUMN "api_credential_id"`);
    // PostgreSQL cannot drop an enum value: rebuild the type without it.
    await queryRunner.query(
      `UPDATE "device" SET "revocation_reason" = 'by_owner' WHERE "revocation_reason" = 'replaced'`,
    );
    await queryRunner.query(
      `ALTER TYPE "public"."device_revocation_reason" RENAME TO "device_revocation_reason_old"`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."device_revocation_reason" AS ENUM('by_owner', 'identity_key_changed')`,
    );
    await queryRunner.query(
      `ALTER TABLE "device" ALTER COLUMN "revocation_reason" TYPE "public"."device_revocation_reason" USING "revocation_reason"::text::"public"."device_revocation_reason"`,
    );
    await queryRunner.query(`DROP TYPE "public"."device_revocation_reason_old"`);
  }
}
