import type { MigrationInterface, QueryRunner } from 'typeorm';
import { revokeFromApplication, serialSequence, table } from './privileges';

const AUDIT_TABLES = ['audit_pending', 'audit_entry', 'audit_checkpoint'];

/**
 * The audit log (docs/audit.md): pending events, the hash chain and signed
 * checkpoints. The application role may read them and add rows, nothing
 * more; chained pending rows are released through a function that runs as
 * the owner and deletes only rows an entry holds unchanged.
 */
export class AuditLog1795870000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_pending" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "type" character varying(64) NOT NULL, "actor_id" uuid, "actor_role" character varying(32), "subject_type" character varying(64), "subject_id" character varying(128), "member_state" character(2), "ip" character varying(64), "request_id" character varying(64), "details" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_75e10a15f610386e81e7f88cc29" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_entry" ("seq" bigint NOT NULL, "pending_id" bigint NOT NULL, "type" character varying(64) NOT NULL, "actor_id" uuid, "actor_role" character varying(32), "subject_type" character varying(64), "subject_id" character varying(128), "member_state" character(2), "ip" character varying(64), "request_id" character varying(64), "details" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_bb4ea39cbd1686232d5fdda3a01" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "audit_entry_pending_id_unique" ON "audit_entry" ("pending_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_entry_actor_id_idx" ON "audit_entry" ("actor_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_entry_occurred_at_idx" ON "audit_entry" ("occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_entry_subject_idx" ON "audit_entry" ("subject_type", "subject_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_checkpoint" ("id" integer NOT NULL, "seq" bigint NOT NULL, "head_hash" character(64) NOT NULL, "entry_count" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "signature" character varying(128) NOT NULL, "key_id" character(16) NOT NULL, CONSTRAINT "PK_9720e45bb755b61bb1ab7d43839" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "audit_checkpoint_seq_unique" ON "audit_checkpoint" ("seq")`,
    );

    // Runs as its owner (this migration's role): the application role has no
    // DELETE on audit_pending, and through this function can remove only rows
    // that an entry already holds, column for column.
    await queryRunner.query(`
      CREATE FUNCTION "public"."audit_release_chained"() RETURNS bigint
      LANGUAGE sql SECURITY DEFINER
      SET search_path = pg_catalog, pg_temp
      AS $$
        WITH released AS (
          DELETE FROM public.audit_pending p
           USING public.audit_entry e
           WHERE e.pending_id = p.id
             AND e.type = p.type
             AND e.actor_id IS NOT DISTINCT FROM p.actor_id
             AND e.actor_role IS NOT DISTINCT FROM p.actor_role
             AND e.subject_type IS NOT DISTINCT FROM p.subject_type
             AND e.subject_id IS NOT DISTINCT FROM p.subject_id
             AND e.member_state IS NOT DISTINCT FROM p.member_state
             AND e.ip IS NOT DISTINCT FROM p.ip
             AND e.request_id IS NOT DISTINCT FROM p.request_id
             AND e.details = p.details
             AND e.occurred_at = p.occurred_at
          RETURNING 1
        )
        SELECT count(*) FROM released
      $$`);

    // The default privileges gave the application role (whatever its name)
    // UPDATE and DELETE on the new tables. Take back everything but SELECT and
    // INSERT (USAGE on the id sequence) from every role but the owner.
    await revokeFromApplication(queryRunner, [
      {
        objects: [...AUDIT_TABLES.map(table), serialSequence('audit_pending', 'id')],
        keep: ['SELECT', 'INSERT', 'USAGE'],
      },
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION "public"."audit_release_chained"()`);
    await queryRunner.query(`DROP TABLE "audit_checkpoint"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
    await queryRunner.query(`DROP TABLE "audit_pending"`);
  }
}
