import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keeping the directory true: each focal point's confirmation cycle (reminded,
 * stale, escalated — cleared by a confirmation) and the Secretariat's
 * communication checks of a network (who was asked, who acknowledged when, the
 * result per state).
 */
export class DirectoryFreshness1795950000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "focal_point" ADD "reminded_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "focal_point" ADD "stale_since" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "focal_point" ADD "escalated_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE INDEX "focal_point_freshness_idx" ON "focal_point" ("last_confirmed_at") WHERE status = 'active' AND escalated_at IS NULL`,
    );

    await queryRunner.query(
      `CREATE TABLE "communication_check" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "started_by" uuid, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "accepts_late_until" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_84c9606f996f724f6cfb6eefc2e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "communication_check_started_idx" ON "communication_check" ("started_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "communication_check_due_idx" ON "communication_check" ("deadline") WHERE closed_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "communication_check_open_unique" ON "communication_check" ("network_id") WHERE closed_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "communication_check_recipient" ("check_id" uuid NOT NULL, "focal_point_id" uuid NOT NULL, "member_state_code" character(2) NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" uuid, CONSTRAINT "PK_b5e72543c47b9ed6e933adccd73" PRIMARY KEY ("check_id", "focal_point_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "communication_check_recipient_focal_point_idx" ON "communication_check_recipient" ("focal_point_id")`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."communication_check_outcome" AS ENUM('acknowledged', 'late', 'silent')`,
    );
    await queryRunner.query(
      `CREATE TABLE "communication_check_result" ("check_id" uuid NOT NULL, "member_state_code" character(2) NOT NULL, "outcome" "public"."communication_check_outcome" NOT NULL, "expected" integer NOT NULL, "acknowledged_in_time" integer NOT NULL, "acknowledged_late" integer NOT NULL, CONSTRAINT "PK_bb8eb80fd1853c2ddffc0d39f5e" PRIMARY KEY ("check_id", "member_state_code"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "communication_check" ADD CONSTRAINT "communication_check_network_fk" FOREIGN KEY ("network_id") REFERENCES "network"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "communication_check" ADD CONSTRAINT "communication_check_started_by_fk" FOREIGN KEY ("started_by") REFERENCES "user_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "communication_check_recipient" ADD CONSTRAINT "communication_check_recipient_check_fk" FOREIGN KEY ("check_id") REFERENCES "communication_check"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "communication_check_recipient" ADD CONSTRAINT "communication_check_recipient_focal_point_fk" FOREIGN KEY ("focal_point_id") REFERENCES "focal_point"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "communication_check_recipient" ADD CONSTRAINT "communication_check_recipient_acknowledged_by_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "user_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "communication_check_result" ADD CONSTRAINT "communication_check_result_check_fk" FOREIGN KEY ("check_id") REFERENCES "communication_check"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "communication_check_result" ADD CONSTRAINT "communication_check_result_member_state_fk" FOREIGN KEY ("member_state_code") REFERENCES "member_state"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "communication_check_result"`);
    await queryRunner.query(`DROP TYPE "public"."communication_check_outcome"`);
    await queryRunner.query(`DROP TABLE "communication_check_recipient"`);
    await queryRunner.query(`DROP TABLE "communication_check"`);
    await queryRunner.query(`DROP INDEX "public"."focal_point_freshness_idx"`);
    await queryRunner.query(`ALTER TABLE "focal_point" DROP COLUMN "escalated_at"`);
    await queryRunner.query(`ALTER TABLE "focal_point" DROP COLUMN "stale_since"`);
    await queryRunner.query(`ALTER TABLE "focal_point" DROP COLUMN "reminded_at"`);
  }
}
