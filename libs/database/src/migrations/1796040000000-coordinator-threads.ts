import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Threads to the national coordinators (docs/messaging.md): the Secretariat's
 * circulations, such as a silence procedure's document, sealed for every
 * active coordinator. A new thread kind and addressing; no new table.
 */
export class CoordinatorThreads1796040000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."thread_kind" ADD VALUE 'coordinators'`);
    await queryRunner.query(`ALTER TYPE "public"."thread_addressing" ADD VALUE 'coordinators'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // PostgreSQL cannot drop an enum value: rebuild both types without it — never
    // by deleting messages: with coordinators' threads stored, the revert stops.
    const [used] = await queryRunner.query(
      `SELECT 1 FROM "message_thread" WHERE "kind" = 'coordinators' LIMIT 1`,
    );
    if (used) throw new Error('threads to the coordinators exist: revert refused');
    for (const [type, values] of [
      ['thread_kind', `'network', 'direct'`],
      ['thread_addressing', `'network', 'states', 'focal_points', 'direct'`],
    ] as const) {
      const column = type === 'thread_kind' ? 'kind' : 'addressing';
      await queryRunner.query(`ALTER TYPE "public"."${type}" RENAME TO "${type}_old"`);
      await queryRunner.query(`CREATE TYPE "public"."${type}" AS ENUM(${values})`);
      await queryRunner.query(
        `ALTER TABLE "message_thread" ALTER COLUMN "${column}" TYPE "public"."${type}" USING "${column}"::text::"public"."${type}"`,
      );
      await queryRunner.query(`DROP TYPE "public"."${type}_old"`);
    }
  }
}
