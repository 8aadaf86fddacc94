import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One-time invitations (tokens stored hashed) and each account's e-mail language. */
export class Invitations1795910000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "invitation" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "purpose" character varying(10) NOT NULL, "token_hash" character(64) NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "voided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_beb994737756c0f18a1c1f8669c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "invitation_user_idx" ON "invitation" ("user_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "invitation_token_hash_unique" ON "invitation" ("token_hash")`,
    );
    await queryRunner.query(`CREATE TYPE "public"."language" AS ENUM('en', 'ru')`);
    await queryRunner.query(
      `ALTER TABLE "user_account" ADD "language" "public"."language" NOT NULL DEFAULT 'en'`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitation" ADD CONSTRAINT "invitation_user_fk" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitation" ADD CONSTRAINT "invitation_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "user_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "invitation"`);
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "language"`);
    await queryRunner.query(`DROP TYPE "public"."language"`);
  }
}
