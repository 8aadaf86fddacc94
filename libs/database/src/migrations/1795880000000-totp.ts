import type { MigrationInterface, QueryRunner } from 'typeorm';

/** TOTP second factor: the sealed seed, the last accepted time step, recovery codes (hashed). */
export class Totp1795880000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "recovery_code" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "code_hash" character(64) NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b7f1e23329e93a80e25fd281922" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "recovery_code_user_idx" ON "recovery_code" ("user_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "recovery_code_hash_unique" ON "recovery_code" ("code_hash")`,
    );
    await queryRunner.query(`ALTER TABLE "user_account" ADD "totp_secret" text`);
    await queryRunner.query(
      `ALTER TABLE "user_account" ADD "totp_enabled_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "user_account" ADD "totp_last_step" bigint`);
    await queryRunner.query(
      `ALTER TABLE "recovery_code" ADD CONSTRAINT "recovery_code_user_fk" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "recovery_code"`);
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "totp_last_step"`);
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "totp_enabled_at"`);
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "totp_secret"`);
  }
}
