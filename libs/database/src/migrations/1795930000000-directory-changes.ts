import type { MigrationInterface, QueryRunner } from 'typeorm';
import { revokeFromApplication, serialSequence, table } from './privileges';

/**
 * The directory's paper trail: coordinators' proposals and the Secretariat's
 * decisions (`directory_change`), and the history of every applied change
 * (`directory_version`). The application role may read the history and add
 * to it, nothing more: no row of it can be changed or removed.
 */
export class DirectoryChanges1795930000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."directory_change_kind" AS ENUM('add_focal_point', 'change_focal_point', 'retire_focal_point', 'add_membership', 'remove_membership', 'link_account', 'add_authority', 'rename_authority')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."directory_change_status" AS ENUM('pending', 'approved', 'rejected', 'withdrawn')`,
    );
    await queryRunner.query(
      `CREATE TABLE "directory_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_state_code" character(2) NOT NULL, "kind" "public"."directory_change_kind" NOT NULL, "status" "public"."directory_change_status" NOT NULL DEFAULT 'pending', "payload" jsonb NOT NULL, "reason" character varying(1000) NOT NULL, "proposed_by" uuid NOT NULL, "proposed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_reason" character varying(1000), "applied_entity_id" uuid, CONSTRAINT "PK_1ded4670f5c8e28a7b174a37fb6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "directory_change_status_idx" ON "directory_change" ("status", "proposed_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "directory_change_state_idx" ON "directory_change" ("member_state_code", "proposed_at")`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."directory_entity_type" AS ENUM('focal_point', 'authority', 'network', 'member_state')`,
    );
    await queryRunner.query(
      `CREATE TABLE "directory_version" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "entity_type" "public"."directory_entity_type" NOT NULL, "entity_id" character varying(64) NOT NULL, "member_state_code" character(2), "version" integer NOT NULL, "changes" jsonb NOT NULL, "actor_id" uuid NOT NULL, "actor_role" character varying(32) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" character varying(1000), "change_id" uuid, CONSTRAINT "PK_ccdb98fcdc07ae182bc0fc124ad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "directory_version_entity_idx" ON "directory_version" ("entity_id", "id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "directory_version_entity_unique" ON "directory_version" ("entity_type", "entity_id", "version")`,
    );
    await queryRunner.query(
      `ALTER TABLE "directory_change" ADD CONSTRAINT "directory_change_member_state_fk" FOREIGN KEY ("member_state_code") REFERENCES "member_state"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "directory_change" ADD CONSTRAINT "directory_change_proposed_by_fk" FOREIGN KEY ("proposed_by") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "directory_change" ADD CONSTRAINT "directory_change_decided_by_fk" FOREIGN KEY ("decided_by") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "directory_version" ADD CONSTRAINT "directory_version_change_fk" FOREIGN KEY ("change_id") REFERENCES "directory_change"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    // As for the audit log: the default privileges gave every role UPDATE,
    // DELETE and TRUNCATE on the new table. Take back all but SELECT and
    // INSERT (USAGE on the id sequence) from every role but the owner.
    await revokeFromApplication(queryRunner, [
      {
        objects: [table('directory_version'), serialSequence('directory_version', 'id')],
        keep: ['SELECT', 'INSERT', 'USAGE'],
      },
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "directory_version"`);
    await queryRunner.query(`DROP TYPE "public"."directory_entity_type"`);
    await queryRunner.query(`DROP TABLE "directory_change"`);
    await queryRunner.query(`DROP TYPE "public"."directory_change_status"`);
    await queryRunner.query(`DROP TYPE "public"."directory_change_kind"`);
  }
}
