import type { MigrationInterface, QueryRunner } from 'typeorm';
import { revokeFromApplication, table } from './privileges';

/**
 * Action Plan activities (docs/workflows.md): meetings, seminars and
 * trainings per network, the states taking part, their documents (links or
 * numbered notes), and calendar feeds — per-user addresses for calendar
 * applications, of which only the token's SHA-256 is kept.
 */
export class Activities1796032000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."activity_kind" AS ENUM('meeting', 'seminar', 'training')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."activity_status" AS ENUM('planned', 'held', 'cancelled')`,
    );
    await queryRunner.query(
      `CREATE TABLE "activity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "kind" "public"."activity_kind" NOT NULL, "status" "public"."activity_status" NOT NULL, "title_en" text NOT NULL, "title_ru" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "time_zone" text NOT NULL, "venue" text, "online" boolean NOT NULL DEFAULT false, "host_state_code" character(2), "version" integer NOT NULL DEFAULT '1', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "activity_place_check" CHECK (venue IS NOT NULL OR online), CONSTRAINT "activity_period_check" CHECK (ends_at > starts_at), CONSTRAINT "activity_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "activity_start_idx" ON "activity"  ("starts_at") `);
    await queryRunner.query(
      `CREATE INDEX "activity_network_start_idx" ON "activity"  ("network_id", "starts_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "activity_document" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "activity_id" uuid NOT NULL, "title" text NOT NULL, "url" text, "note_id" uuid, "added_by" uuid, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "activity_document_target_check" CHECK ((url IS NULL) <> (note_id IS NULL)), CONSTRAINT "activity_document_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "activity_document_activity_idx" ON "activity_document"  ("activity_id", "added_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "activity_participant" ("activity_id" uuid NOT NULL, "member_state_code" character(2) NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL, "joined_by" uuid, CONSTRAINT "activity_participant_pk" PRIMARY KEY ("activity_id", "member_state_code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "calendar_feed" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "network_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "calendar_feed_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "calendar_feed_token_hash_unique" ON "calendar_feed"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE INDEX "calendar_feed_user_idx" ON "calendar_feed"  ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "activity" ADD CONSTRAINT "activity_network_fk" FOREIGN KEY ("network_id") REFERENCES "network"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activity" ADD CONSTRAINT "activity_host_state_fk" FOREIGN KEY ("host_state_code") REFERENCES "member_state"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activity" ADD CONSTRAINT "activity_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "user_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activity_document" ADD CONSTRAINT "activity_document_activity_fk" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activity_document" ADD CONSTRAINT "activity_document_note_fk" FOREIGN KEY ("note_id") REFERENCES "note"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activity_document" ADD CONSTRAINT "activity_document_added_by_fk" FOREIGN KEY ("added_by") REFERENCES "user_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activity_participant" ADD CONSTRAINT "activity_participant_activity_fk" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activity_participant" ADD CONSTRAINT "activity_participant_state_fk" FOREIGN KEY ("member_state_code") REFERENCES "member_state"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activity_participant" ADD CONSTRAINT "activity_participant_joined_by_fk" FOREIGN KEY ("joined_by") REFERENCES "user_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "calendar_feed" ADD CONSTRAINT "calendar_feed_user_fk" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "calendar_feed" ADD CONSTRAINT "calendar_feed_network_fk" FOREIGN KEY ("network_id") REFERENCES "network"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The application's role: activities are entered and edited, never deleted (a cancelled
    // one stays on the calendar); participants join and leave, documents are added and
    // removed, never rewritten; feeds are created, stamped when used and revoked, never
    // deleted (the audit log names them). No TRUNCATE, TRIGGER or REFERENCES on any.
    await revokeFromApplication(queryRunner, [
      {
        objects: [table('activity'), table('calendar_feed')],
        keep: ['SELECT', 'INSERT', 'UPDATE'],
      },
      {
        objects: [table('activity_participant'), table('activity_document')],
        keep: ['SELECT', 'INSERT', 'DELETE'],
      },
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "calendar_feed"`);
    await queryRunner.query(`DROP TABLE "activity_participant"`);
    await queryRunner.query(`DROP TABLE "activity_document"`);
    await queryRunner.query(`DROP TABLE "activity"`);
    await queryRunner.query(`DROP TYPE "public"."activity_status"`);
    await queryRunner.query(`DROP TYPE "public"."activity_kind"`);
  }
}
