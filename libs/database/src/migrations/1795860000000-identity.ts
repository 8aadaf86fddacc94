import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, sessions and their rotating refresh tokens (stored hashed). */
export class Identity1795860000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."role" AS ENUM('SECRETARIAT_ADMIN', 'SECRETARIAT_OFFICER', 'STATE_COORDINATOR', 'FOCAL_POINT')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."user_status" AS ENUM('active', 'suspended')`);
    await queryRunner.query(
      `CREATE TABLE "user_account" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "display_name" character varying(200) NOT NULL, "role" "public"."role" NOT NULL, "status" "public"."user_status" NOT NULL DEFAULT 'active', "member_state_code" character(2), "password_hash" text, "password_changed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6acfec7285fdf9f463462de3e9f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "user_account_email_unique" ON "user_account" ("email")`,
    );
    await queryRunner.query(
      `CREATE TABLE "session" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_refreshed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(40), CONSTRAINT "PK_f55da76ac1c3ac420f444d2ff11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "session_user_idx" ON "session" ("user_id")`);
    await queryRunner.query(
      `CREATE TABLE "refresh_token" ("id" uuid NOT NULL, "session_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "refresh_token_session_idx" ON "refresh_token" ("session_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "refresh_token_hash_unique" ON "refresh_token" ("token_hash")`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_account" ADD CONSTRAINT "user_account_member_state_fk" FOREIGN KEY ("member_state_code") REFERENCES "member_state"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "session" ADD CONSTRAINT "session_user_fk" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_token" ADD CONSTRAINT "refresh_token_session_fk" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP TABLE "session"`);
    await queryRunner.query(`DROP TABLE "user_account"`);
    await queryRunner.query(`DROP TYPE "public"."user_status"`);
    await queryRunner.query(`DROP TYPE "public"."role"`);
  }
}
