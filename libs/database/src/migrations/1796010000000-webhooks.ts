import type { MigrationInterface, QueryRunner } from 'typeorm';
import { revokeFromApplication, table } from './privileges';

/**
 * Ministry webhooks (docs/webhooks.md): the addresses an API credential
 * registered, with their HMAC secret sealed, and one delivery row per
 * (webhook, message) written at fan-out, from which the attempts are derived.
 */
export class Webhooks1796010000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook" ("id" uuid NOT NULL, "api_credential_id" uuid NOT NULL, "url" character varying(2048) NOT NULL, "secret_sealed" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "webhook_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "webhook_api_credential_idx" ON "webhook"  ("api_credential_id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."webhook_delivery_status" AS ENUM('pending', 'delivered', 'failed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_delivery" ("id" BIGSERIAL NOT NULL, "webhook_id" uuid NOT NULL, "message_id" character varying(128) NOT NULL, "message_delivery_id" bigint NOT NULL, "status" "public"."webhook_delivery_status" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_error" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "delivered_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "webhook_delivery_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "webhook_delivery_due_idx" ON "webhook_delivery"  ("next_attempt_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "webhook_delivery_webhook_message_unique" ON "webhook_delivery"  ("webhook_id", "message_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook" ADD CONSTRAINT "webhook_api_credential_fk" FOREIGN KEY ("api_credential_id") REFERENCES "api_credential"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_webhook_fk" FOREIGN KEY ("webhook_id") REFERENCES "webhook"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_message_fk" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_message_delivery_fk" FOREIGN KEY ("message_delivery_id") REFERENCES "message_delivery"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The application's role: webhooks are registered and deleted, never changed (a new address
    // is a new webhook with a new secret); deliveries are written and updated, removed only with
    // their webhook (the cascade runs as the owner). No TRUNCATE on either.
    await revokeFromApplication(queryRunner, [
      {
        objects: [table('webhook'), table('webhook_delivery')],
        revoke: ['TRUNCATE', 'TRIGGER', 'REFERENCES'],
      },
      { objects: [table('webhook')], revoke: ['UPDATE'] },
      { objects: [table('webhook_delivery')], revoke: ['DELETE'] },
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_delivery"`);
    await queryRunner.query(`DROP TYPE "public"."webhook_delivery_status"`);
    await queryRunner.query(`DROP TABLE "webhook"`);
  }
}
