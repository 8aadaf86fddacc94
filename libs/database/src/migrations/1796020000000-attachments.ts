import type { MigrationInterface, QueryRunner } from 'typeorm';
import { revokeFromApplication, table } from './privileges';

/**
 * Encrypted attachments (docs/attachments.md): one row per uploaded blob —
 * its uploader, declared and received length, the ciphertext hash the server
 * computed, the message it is linked to — and its bytes as parts of at most
 * 1 MiB, written as an upload arrives so that an interrupted one resumes.
 */
export class Attachments1796020000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."attachment_status" AS ENUM('uploading', 'complete')`,
    );
    await queryRunner.query(
      `CREATE TABLE "attachment" ("id" uuid NOT NULL, "uploader_user_id" uuid NOT NULL, "uploader_credential_id" uuid, "declared_length" bigint NOT NULL, "received_length" bigint NOT NULL DEFAULT '0', "status" "public"."attachment_status" NOT NULL, "ciphertext_hash" bytea, "message_id" character varying(128), "message_position" smallint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "attachment_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "attachment_unlinked_idx" ON "attachment"  ("created_at") WHERE message_id IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "attachment_message_idx" ON "attachment"  ("message_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "attachment_unfinished_idx" ON "attachment"  ("uploader_user_id") WHERE status = 'uploading'`,
    );
    await queryRunner.query(
      `CREATE TABLE "attachment_part" ("attachment_id" uuid NOT NULL, "byte_offset" bigint NOT NULL, "bytes" bytea NOT NULL, CONSTRAINT "attachment_part_pk" PRIMARY KEY ("attachment_id", "byte_offset"))`,
    );
    // Ciphertext does not compress: stored out of line without trying, and read in slices cheaply.
    await queryRunner.query(
      `ALTER TABLE "attachment_part" ALTER COLUMN "bytes" SET STORAGE EXTERNAL`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachment" ADD CONSTRAINT "attachment_uploader_fk" FOREIGN KEY ("uploader_user_id") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachment" ADD CONSTRAINT "attachment_uploader_credential_fk" FOREIGN KEY ("uploader_credential_id") REFERENCES "api_credential"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachment" ADD CONSTRAINT "attachment_message_fk" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachment_part" ADD CONSTRAINT "attachment_part_attachment_fk" FOREIGN KEY ("attachment_id") REFERENCES "attachment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // The application's role: attachments are created, advanced, linked and removed (termination,
    // the sweeper); parts are written and removed, never changed — a stored byte stays as it
    // arrived. No TRUNCATE, TRIGGER or REFERENCES on either.
    await revokeFromApplication(queryRunner, [
      { objects: [table('attachment')], keep: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] },
      { objects: [table('attachment_part')], keep: ['SELECT', 'INSERT', 'DELETE'] },
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "attachment_part"`);
    await queryRunner.query(`DROP TABLE "attachment"`);
    await queryRunner.query(`DROP TYPE "public"."attachment_status"`);
  }
}
