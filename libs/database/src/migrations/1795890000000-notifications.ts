import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications (docs/notifications.md): in-app notifications and the e-mail
 * outbox, both written in the transaction of the change they report. The
 * application role reads and updates them (read, pushed, sent) through the
 * default privileges.
 */
export class Notifications1795890000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notification" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "kind" character varying(64) NOT NULL, "params" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "pushed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_user_created_idx" ON "notification" ("user_id", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_unpushed_idx" ON "notification" ("created_at") WHERE "pushed_at" IS NULL`,
    );
    await queryRunner.query(`CREATE TYPE "public"."mail_language" AS ENUM('en', 'ru')`);
    await queryRunner.query(
      `CREATE TYPE "public"."email_status" AS ENUM('pending', 'sent', 'failed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "email_outbox" ("id" uuid NOT NULL, "user_id" uuid, "to_address" character varying(254) NOT NULL, "language" "public"."mail_language" NOT NULL, "kind" character varying(64) NOT NULL, "params" jsonb NOT NULL, "sealed_secrets" text, "status" "public"."email_status" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_error" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b6fbfc201f705fbf1ac87bd7197" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "email_outbox_due_idx" ON "email_outbox" ("status", "next_attempt_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "notification_user_fk" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_user_fk" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "email_outbox"`);
    await queryRunner.query(`DROP TYPE "public"."email_status"`);
    await queryRunner.query(`DROP TYPE "public"."mail_language"`);
    await queryRunner.query(`DROP TABLE "notification"`);
  }
}
