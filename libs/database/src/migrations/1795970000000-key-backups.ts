import type { MigrationInterface, QueryRunner } from 'typeorm';
import { revokeFromApplication, table } from './privileges';

/**
 * Key backups (libs/keys): the backup key certificate and the sealed identity
 * per published backup, and the sealed entries devices append. All opaque to
 * the server. A new backup is a new row (the latest is current), so neither
 * table is ever updated or deleted: the application role loses UPDATE,
 * DELETE and TRUNCATE on both.
 */
export class KeyBackups1795970000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "key_backup" ("id" BIGSERIAL NOT NULL, "user_id" uuid NOT NULL, "identity_key_id" uuid NOT NULL, "certificate" text NOT NULL, "sealed_identity" bytea NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a979a1fc78758d8d364755777bb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "key_backup_user_idx" ON "key_backup" ("user_id", "id")`);
    await queryRunner.query(
      `CREATE TABLE "key_backup_entry" ("id" BIGSERIAL NOT NULL, "backup_id" bigint NOT NULL, "sealed" bytea NOT NULL, "appended_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_acbdfc4719e437bf2005c03d2e8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "key_backup_entry_backup_idx" ON "key_backup_entry" ("backup_id", "id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "key_backup" ADD CONSTRAINT "key_backup_user_fk" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "key_backup" ADD CONSTRAINT "key_backup_identity_key_fk" FOREIGN KEY ("identity_key_id") REFERENCES "identity_key"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "key_backup_entry" ADD CONSTRAINT "key_backup_entry_backup_fk" FOREIGN KEY ("backup_id") REFERENCES "key_backup"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    // Append-only: take back UPDATE, DELETE and TRUNCATE on both tables from every
    // role but the owner (as the audit log and the key directory do).
    await revokeFromApplication(queryRunner, [
      {
        objects: [table('key_backup'), table('key_backup_entry')],
        revoke: ['UPDATE', 'DELETE', 'TRUNCATE'],
      },
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "key_backup_entry"`);
    await queryRunner.query(`DROP TABLE "key_backup"`);
  }
}
