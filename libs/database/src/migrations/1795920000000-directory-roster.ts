import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The roster: authorities, focal points, their network memberships (primary
 * or alternate), each state's request languages and per-network request notes,
 * and each network's confirmation interval.
 */
export class DirectoryRoster1795920000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."authority_kind" AS ENUM('police', 'customs', 'border_guard', 'fiu', 'ministry', 'other')`,
    );
    await queryRunner.query(
      `CREATE TABLE "authority" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_state_code" character(2) NOT NULL, "name_en" character varying(300) NOT NULL, "name_ru" character varying(300), "kind" "public"."authority_kind" NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b0f9bb35ff132fc6bd92d0582ce" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "authority_state_name_unique" ON "authority" ("member_state_code", "name_en")`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."availability" AS ENUM('round_the_clock', 'office_hours')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."focal_point_status" AS ENUM('active', 'suspended', 'retired')`,
    );
    await queryRunner.query(
      `CREATE TABLE "focal_point" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_state_code" character(2) NOT NULL, "authority_id" uuid NOT NULL, "full_name" character varying(200) NOT NULL, "title" character varying(300) NOT NULL, "languages" character varying(8) array NOT NULL DEFAULT '{}', "time_zone" character varying(64) NOT NULL, "availability" "public"."availability" NOT NULL, "contact_channels" jsonb NOT NULL DEFAULT '[]', "status" "public"."focal_point_status" NOT NULL DEFAULT 'active', "last_confirmed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "user_id" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bd1c205fd7ce096de2360673d1e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "focal_point_member_state_idx" ON "focal_point" ("member_state_code")`,
    );
    await queryRunner.query(
      `CREATE INDEX "focal_point_authority_idx" ON "focal_point" ("authority_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "focal_point_user_unique" ON "focal_point" ("user_id") WHERE user_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "request_notes" ("member_state_code" character(2) NOT NULL, "network_id" uuid NOT NULL, "notes_en" text NOT NULL, "notes_ru" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_11b36d80bed6baf06de5fd67f55" PRIMARY KEY ("member_state_code", "network_id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."membership_role" AS ENUM('primary', 'alternate')`,
    );
    await queryRunner.query(
      `CREATE TABLE "network_membership" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "focal_point_id" uuid NOT NULL, "network_id" uuid NOT NULL, "role" "public"."membership_role" NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2285cd04012f9c6aebab91fa91e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "network_membership_network_idx" ON "network_membership" ("network_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "network_membership_unique" ON "network_membership" ("focal_point_id", "network_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "member_state" ADD "request_languages" character varying(8) array NOT NULL DEFAULT '{en,ru}'`,
    );
    await queryRunner.query(
      `ALTER TABLE "network" ADD "confirmation_interval_days" integer NOT NULL DEFAULT '182'`,
    );
    await queryRunner.query(
      `ALTER TABLE "authority" ADD CONSTRAINT "authority_member_state_fk" FOREIGN KEY ("member_state_code") REFERENCES "member_state"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "focal_point" ADD CONSTRAINT "focal_point_member_state_fk" FOREIGN KEY ("member_state_code") REFERENCES "member_state"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "focal_point" ADD CONSTRAINT "focal_point_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "focal_point" ADD CONSTRAINT "focal_point_user_fk" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "request_notes" ADD CONSTRAINT "request_notes_state_fk" FOREIGN KEY ("member_state_code") REFERENCES "member_state"("code") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "request_notes" ADD CONSTRAINT "request_notes_network_fk" FOREIGN KEY ("network_id") REFERENCES "network"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_membership" ADD CONSTRAINT "network_membership_focal_point_fk" FOREIGN KEY ("focal_point_id") REFERENCES "focal_point"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_membership" ADD CONSTRAINT "network_membership_network_fk" FOREIGN KEY ("network_id") REFERENCES "network"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "network_membership"`);
    await queryRunner.query(`DROP TABLE "request_notes"`);
    await queryRunner.query(`DROP TABLE "focal_point"`);
    await queryRunner.query(`DROP TABLE "authority"`);
    await queryRunner.query(`ALTER TABLE "network" DROP COLUMN "confirmation_interval_days"`);
    await queryRunner.query(`ALTER TABLE "member_state" DROP COLUMN "request_languages"`);
    await queryRunner.query(`DROP TYPE "public"."membership_role"`);
    await queryRunner.query(`DROP TYPE "public"."focal_point_status"`);
    await queryRunner.query(`DROP TYPE "public"."availability"`);
    await queryRunner.query(`DROP TYPE "public"."authority_kind"`);
  }
}
