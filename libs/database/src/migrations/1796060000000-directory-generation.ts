import type { MigrationInterface, QueryRunner } from 'typeorm';
import { revokeFromApplication, table } from './privileges';

/** The tables a directory read depends on: any statement writing one moves the generation. */
const DIRECTORY_TABLES = [
  'member_state',
  'network',
  'authority',
  'focal_point',
  'network_membership',
];

/**
 * A number that moves with every statement writing the directory
 * (docs/directory.md, "Answers kept across requests"): the api keeps what it
 * read of the roster under the generation it read first, and reads the
 * generation — one row — on each request instead of the roster. The row is
 * updated by a trigger before any statement on a directory table, in the
 * writing transaction, so the new number becomes visible with the change it
 * counts; a directory writer takes its lock before any row lock of its own,
 * so two writers cannot deadlock through it (they take turns). The
 * application may only read it.
 */
export class DirectoryGeneration1796060000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "directory_generation" (
         "id" boolean PRIMARY KEY DEFAULT true CHECK ("id"),
         "generation" bigint NOT NULL
       )`,
    );
    await queryRunner.query(`INSERT INTO "directory_generation" ("generation") VALUES (1)`);
    await queryRunner.query(
      `CREATE FUNCTION directory_generation_move() RETURNS trigger
         LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
       BEGIN
         UPDATE directory_generation SET generation = generation + 1;
         RETURN NULL;
       END
       $$`,
    );
    await queryRunner.query(`REVOKE ALL ON FUNCTION directory_generation_move() FROM PUBLIC`);
    for (const name of DIRECTORY_TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER directory_generation_move
           BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${name}"
           FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_move()`,
      );
    }
    await revokeFromApplication(queryRunner, [
      { objects: [table('directory_generation')], keep: ['SELECT'] },
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of DIRECTORY_TABLES) {
      await queryRunner.query(`DROP TRIGGER directory_generation_move ON "${name}"`);
    }
    await queryRunner.query(`DROP FUNCTION directory_generation_move()`);
    await queryRunner.query(`DROP TABLE "directory_generation"`);
  }
}
