import type { MigrationInterface, QueryRunner } from 'typeorm';
import { revokeFromApplication, table } from './privileges';

/**
 * Silence procedures (libs/workflows/src/procedures, docs/workflows.md): the
 * drafts the Secretariat circulates with a deadline, and what each member
 * state said (the latest statement stands; every statement is kept).
 */
export class SilenceProcedures1796030000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."silence_procedure_status" AS ENUM('open', 'approved', 'not_adopted', 'withdrawn')`,
    );
    await queryRunner.query(
      `CREATE TABLE "silence_procedure" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title_en" character varying(300) NOT NULL, "title_ru" character varying(300) NOT NULL, "document_text" text, "document_message_id" character varying(128), "network_id" uuid, "deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "deadline_time_zone" character varying(64) NOT NULL, "status" "public"."silence_procedure_status" NOT NULL DEFAULT 'open', "opened_by" uuid NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "withdrawn_reason" text, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "silence_procedure_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "silence_procedure_opened_idx" ON "silence_procedure"  ("opened_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "silence_procedure_due_idx" ON "silence_procedure"  ("deadline") WHERE status = 'open'`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."silence_statement_kind" AS ENUM('concurrence', 'objection', 'amendment', 'withdrawal')`,
    );
    await queryRunner.query(
      `CREATE TABLE "silence_statement" ("id" BIGSERIAL NOT NULL, "procedure_id" uuid NOT NULL, "member_state_code" character(2) NOT NULL, "kind" "public"."silence_statement_kind" NOT NULL, "reason" text, "made_by" uuid NOT NULL, "made_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "silence_statement_reason_check" CHECK (kind NOT IN ('objection', 'amendment') OR reason IS NOT NULL), CONSTRAINT "silence_statement_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "silence_statement_procedure_idx" ON "silence_statement"  ("procedure_id", "member_state_code", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "silence_procedure" ADD CONSTRAINT "silence_procedure_network_fk" FOREIGN KEY ("network_id") REFERENCES "network"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "silence_procedure" ADD CONSTRAINT "silence_procedure_opened_by_fk" FOREIGN KEY ("opened_by") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "silence_procedure" ADD CONSTRAINT "silence_procedure_document_message_fk" FOREIGN KEY ("document_message_id") REFERENCES "message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "silence_statement" ADD CONSTRAINT "silence_statement_procedure_fk" FOREIGN KEY ("procedure_id") REFERENCES "silence_procedure"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "silence_statement" ADD CONSTRAINT "silence_statement_state_fk" FOREIGN KEY ("member_state_code") REFERENCES "member_state"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "silence_statement" ADD CONSTRAINT "silence_statement_made_by_fk" FOREIGN KEY ("made_by") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The default privileges gave the application role every DML privilege. A
    // procedure changes (extension, withdrawal, its close) but is never erased;
    // statements are the record of what states said: written once, never changed.
    await revokeFromApplication(queryRunner, [
      { objects: [table('silence_procedure')], revoke: ['DELETE', 'TRUNCATE'] },
      { objects: [table('silence_statement')], revoke: ['UPDATE', 'DELETE', 'TRUNCATE'] },
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "silence_statement"`);
    await queryRunner.query(`DROP TYPE "public"."silence_statement_kind"`);
    await queryRunner.query(`DROP TABLE "silence_procedure"`);
    await queryRunner.query(`DROP TYPE "public"."silence_procedure_status"`);
  }
}
