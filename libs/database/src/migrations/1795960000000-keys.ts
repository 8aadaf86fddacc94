import type { MigrationInterface, QueryRunner } from 'typeorm';
import { revokeFromApplication, table } from './privileges';

/**
 * The key directory (libs/keys): public identity keys (kept when replaced),
 * the record of every key change, and devices with their certificates (kept
 * when revoked). Public keys and signatures only: no column holds a private key.
 */
export class Keys1795960000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "identity_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "public_key" bytea NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "replaced_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5f0b1063cb25fac61be76b4c035" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "identity_key_user_key_unique" ON "identity_key" ("user_id", "public_key")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "identity_key_current_unique" ON "identity_key" ("user_id") WHERE replaced_at IS NULL`,
    );
    await queryRunner.query(`CREATE TYPE "public"."device_status" AS ENUM('active', 'revoked')`);
    await queryRunner.query(
      `CREATE TYPE "public"."device_revocation_reason" AS ENUM('by_owner', 'identity_key_changed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "device" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "device_id" character varying(128) NOT NULL, "user_id" uuid NOT NULL, "identity_key_id" uuid NOT NULL, "certificate_version" integer NOT NULL, "signing_public_key" bytea NOT NULL, "encryption_public_key" bytea NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "certificate_signature" bytea NOT NULL, "status" "public"."device_status" NOT NULL DEFAULT 'active', "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revocation_reason" "public"."device_revocation_reason", CONSTRAINT "PK_2dc10972aa4e27c01378dad2c72" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "device_device_id_unique" ON "device" ("device_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "device_identity_key_idx" ON "device" ("identity_key_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "device_user_status_idx" ON "device" ("user_id", "status")`,
    );
    await queryRunner.query(
      `CREATE TABLE "identity_key_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "previous_key_id" uuid NOT NULL, "new_key_id" uuid NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "devices_revoked" integer NOT NULL, CONSTRAINT "PK_d6bc778a416c1ac781e0c1f9a1a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "identity_key_change_user_idx" ON "identity_key_change" ("user_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "identity_key_change_time_idx" ON "identity_key_change" ("changed_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "identity_key" ADD CONSTRAINT "identity_key_user_fk" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "device" ADD CONSTRAINT "device_user_fk" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "device" ADD CONSTRAINT "device_identity_key_fk" FOREIGN KEY ("identity_key_id") REFERENCES "identity_key"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "identity_key_change" ADD CONSTRAINT "identity_key_change_user_fk" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "identity_key_change" ADD CONSTRAINT "identity_key_change_previous_fk" FOREIGN KEY ("previous_key_id") REFERENCES "identity_key"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "identity_key_change" ADD CONSTRAINT "identity_key_change_new_fk" FOREIGN KEY ("new_key_id") REFERENCES "identity_key"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    // Keys and devices are never deleted (a replaced key and a revoked device stay on
    // record), and a key change is never rewritten: take back DELETE and TRUNCATE on all
    // three, and UPDATE on the change record, from every role but the owner.
    await revokeFromApplication(queryRunner, [
      {
        objects: [table('identity_key'), table('device'), table('identity_key_change')],
        revoke: ['DELETE', 'TRUNCATE'],
      },
      { objects: [table('identity_key_change')], revoke: ['UPDATE'] },
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "identity_key_change"`);
    await queryRunner.query(`DROP TABLE "device"`);
    await queryRunner.query(`DROP TYPE "public"."device_revocation_reason"`);
    await queryRunner.query(`DROP TYPE "public"."device_status"`);
    await queryRunner.query(`DROP TABLE "identity_key"`);
  }
}
