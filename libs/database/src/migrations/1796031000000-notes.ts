import type { MigrationInterface, QueryRunner } from 'typeorm';
import { revokeFromApplication, table } from './privileges';

/**
 * Numbered notes (libs/workflows/src/notes, docs/workflows.md): series, a
 * counter per series and year, and the notes as issued in English and
 * Russian. Seeds the series `NCT/G`; another configured default is made on
 * first use. A note is never edited or deleted by the application.
 */
export class Notes1796031000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "note_series" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(32) NOT NULL, "reference_format" character varying(100) NOT NULL DEFAULT '{series}/{number}', "name_en" character varying(200) NOT NULL, "name_ru" character varying(200) NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" uuid, CONSTRAINT "note_series_key_uq" UNIQUE ("key"), CONSTRAINT "note_series_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "note_counter" ("series_id" uuid NOT NULL, "year" integer NOT NULL, "last_number" integer NOT NULL, CONSTRAINT "note_counter_pk" PRIMARY KEY ("series_id", "year"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."note_kind" AS ENUM('silence_circulation', 'silence_extension', 'silence_withdrawal', 'silence_outcome', 'circulation')`,
    );
    await queryRunner.query(
      `CREATE TABLE "note" ("id" uuid NOT NULL, "series_id" uuid NOT NULL, "year" integer NOT NULL, "number" integer NOT NULL, "reference" character varying(140) NOT NULL, "kind" "public"."note_kind" NOT NULL, "procedure_id" uuid, "title_en" text NOT NULL, "title_ru" text NOT NULL, "body_en" text NOT NULL, "body_ru" text NOT NULL, "dated" date NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "issued_by" uuid, "registered" boolean NOT NULL DEFAULT false, CONSTRAINT "note_series_year_number_uq" UNIQUE ("series_id", "year", "number"), CONSTRAINT "note_reference_uq" UNIQUE ("reference"), CONSTRAINT "note_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "note_procedure_idx" ON "note" ("procedure_id") `);
    await queryRunner.query(`CREATE INDEX "note_issued_idx" ON "note" ("issued_at", "id") `);
    await queryRunner.query(
      `ALTER TABLE "note_counter" ADD CONSTRAINT "note_counter_series_fk" FOREIGN KEY ("series_id") REFERENCES "note_series"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "note" ADD CONSTRAINT "note_series_fk" FOREIGN KEY ("series_id") REFERENCES "note_series"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "note" ADD CONSTRAINT "note_procedure_fk" FOREIGN KEY ("procedure_id") REFERENCES "silence_procedure"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "note" ADD CONSTRAINT "note_issued_by_fk" FOREIGN KEY ("issued_by") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The series of the conference's notes (NCT/G/35 and so on), inlined so its meaning never changes.
    await queryRunner.query(
      `INSERT INTO "note_series" ("key", "reference_format", "name_en", "name_ru", "active", "created_at", "created_by")
       VALUES ('NCT/G', '{series}/{number}', 'Notes of the CICA Secretariat', 'Ноты Секретариата СВМДА', true, now(), NULL)`,
    );
    // The default privileges gave the application role every DML privilege. Notes are a
    // record: inserted and read, never changed; series are added, never changed or removed;
    // only a counter moves.
    await revokeFromApplication(queryRunner, [
      { objects: [table('note')], keep: ['SELECT', 'INSERT'] },
      { objects: [table('note_series')], keep: ['SELECT', 'INSERT'] },
      { objects: [table('note_counter')], keep: ['SELECT', 'INSERT', 'UPDATE'] },
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "note"`);
    await queryRunner.query(`DROP TYPE "public"."note_kind"`);
    await queryRunner.query(`DROP TABLE "note_counter"`);
    await queryRunner.query(`DROP TABLE "note_series"`);
  }
}
