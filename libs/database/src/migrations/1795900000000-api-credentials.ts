import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API credentials for ministry systems: scope, expiry, rotation, revocation; secrets stored hashed. */
export class ApiCredentials1795900000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_credential" ("id" uuid NOT NULL, "name" character varying(120) NOT NULL, "member_state_code" character(2) NOT NULL, "network_keys" text array NOT NULL, "operations" text array NOT NULL, "secret_hash" character(64) NOT NULL, "previous_secret_hash" character(64), "previous_secret_valid_until" TIMESTAMP WITH TIME ZONE, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "rotated_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" uuid, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "api_credential_operations_not_empty" CHECK (cardinality("operations") > 0), CONSTRAINT "api_credential_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "api_credential_member_state_idx" ON "api_credential" ("member_state_code")`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_credential" ADD CONSTRAINT "api_credential_member_state_fk" FOREIGN KEY ("member_state_code") REFERENCES "member_state"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_credential" ADD CONSTRAINT "api_credential_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_credential" ADD CONSTRAINT "api_credential_revoked_by_fk" FOREIGN KEY ("revoked_by") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "api_credential"`);
  }
}
