import type { MigrationInterface, QueryRunner } from 'typeorm';
import { revokeFromApplication, table } from './privileges';

/** The messaging record: never deleted by the application (the outbox is, once relayed). */
const MESSAGE_RECORDS = [
  'message_thread',
  'message_thread_participant',
  'message',
  'message_recipient',
  'message_delivery',
];

/**
 * Messaging (libs/messaging, docs/messaging.md): threads and who takes part in
 * them, messages (the envelope once, the visible metadata in columns),
 * addressed people with their receipts, one delivery per recipient device
 * (its id is the device's cursor) and the transactional outbox the worker's
 * relay turns into queue jobs.
 */
export class Messaging1795990000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."thread_kind" AS ENUM('network', 'direct')`);
    await queryRunner.query(
      `CREATE TYPE "public"."thread_addressing" AS ENUM('network', 'states', 'focal_points', 'direct')`,
    );
    await queryRunner.query(
      `CREATE TABLE "message_thread" ("id" character varying(128) NOT NULL, "kind" "public"."thread_kind" NOT NULL, "addressing" "public"."thread_addressing" NOT NULL, "network_id" uuid, "member_state_codes" text array NOT NULL DEFAULT '{}', "focal_point_ids" uuid array NOT NULL DEFAULT '{}', "direct_user_id" uuid, "created_by" uuid NOT NULL, "created_by_credential_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_message_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "message_thread_direct_check" CHECK ((kind = 'direct') = (direct_user_id IS NOT NULL)), CONSTRAINT "message_thread_network_check" CHECK ((kind = 'network') = (network_id IS NOT NULL)), CONSTRAINT "message_thread_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."message_category" AS ENUM('information_exchange', 'alert', 'request_for_assistance', 'best_practice', 'notice')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."message_priority" AS ENUM('routine', 'urgent', 'flash')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."handling_code" AS ENUM('h0', 'h1', 'h2', 'h3')`);
    await queryRunner.query(
      `CREATE TABLE "message" ("id" character varying(128) NOT NULL, "seq" BIGSERIAL NOT NULL, "thread_id" character varying(128) NOT NULL, "sender_user_id" uuid NOT NULL, "sender_device_id" character varying(128) NOT NULL, "sender_credential_id" uuid, "sender_member_state_code" character(2), "category" "public"."message_category" NOT NULL, "priority" "public"."message_priority" NOT NULL, "handling_code" "public"."handling_code" NOT NULL, "source_reliability" character(1), "information_accuracy" character(1), "due_date" TIMESTAMP WITH TIME ZONE, "in_reply_to" character varying(128), "envelope" text NOT NULL, "envelope_sha256" bytea NOT NULL, "ciphertext_bytes" integer NOT NULL, "recipient_accounts" integer NOT NULL, "recipient_devices" integer NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "message_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "message_thread_seq_idx" ON "message" ("thread_id", "seq")`,
    );
    // The envelope is mostly base64 of random bytes: compressing it costs time and saves little.
    await queryRunner.query(`ALTER TABLE "message" ALTER COLUMN "envelope" SET STORAGE EXTERNAL`);
    await queryRunner.query(
      `CREATE TABLE "message_delivery" ("id" BIGSERIAL NOT NULL, "message_id" character varying(128) NOT NULL, "device_id" character varying(128) NOT NULL, "user_id" uuid NOT NULL, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "message_delivery_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "message_delivery_unconfirmed_idx" ON "message_delivery" ("device_id", "id") WHERE delivered_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "message_delivery_device_cursor_idx" ON "message_delivery" ("device_id", "id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "message_delivery_message_device_unique" ON "message_delivery" ("message_id", "device_id")`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."message_outbox_status" AS ENUM('pending', 'failed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "message_outbox" ("message_id" character varying(128) NOT NULL, "status" "public"."message_outbox_status" NOT NULL DEFAULT 'pending', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "relayed_at" TIMESTAMP WITH TIME ZONE, "relay_count" integer NOT NULL DEFAULT '0', "failed_at" TIMESTAMP WITH TIME ZONE, "last_error" character varying(64), CONSTRAINT "message_outbox_pk" PRIMARY KEY ("message_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "message_outbox_pending_idx" ON "message_outbox" ("created_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE TABLE "message_recipient" ("message_id" character varying(128) NOT NULL, "user_id" uuid NOT NULL, "member_state_code" character(2), "acknowledged_at" TIMESTAMP WITH TIME ZONE, "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "message_recipient_pk" PRIMARY KEY ("message_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "message_thread_participant" ("user_id" uuid NOT NULL, "thread_id" character varying(128) NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "message_thread_participant_pk" PRIMARY KEY ("user_id", "thread_id"))`,
    );
    const foreignKeys: [table: string, name: string, column: string, references: string][] = [
      ['message_thread', 'message_thread_network_fk', 'network_id', '"network"("id")'],
      ['message_thread', 'message_thread_direct_user_fk', 'direct_user_id', '"user_account"("id")'],
      ['message_thread', 'message_thread_created_by_fk', 'created_by', '"user_account"("id")'],
      [
        'message_thread',
        'message_thread_credential_fk',
        'created_by_credential_id',
        '"api_credential"("id")',
      ],
      ['message', 'message_thread_fk', 'thread_id', '"message_thread"("id")'],
      ['message', 'message_sender_user_fk', 'sender_user_id', '"user_account"("id")'],
      ['message', 'message_sender_credential_fk', 'sender_credential_id', '"api_credential"("id")'],
      ['message', 'message_in_reply_to_fk', 'in_reply_to', '"message"("id")'],
      ['message_delivery', 'message_delivery_message_fk', 'message_id', '"message"("id")'],
      ['message_outbox', 'message_outbox_message_fk', 'message_id', '"message"("id")'],
      ['message_recipient', 'message_recipient_message_fk', 'message_id', '"message"("id")'],
      ['message_recipient', 'message_recipient_user_fk', 'user_id', '"user_account"("id")'],
      [
        'message_thread_participant',
        'message_thread_participant_user_fk',
        'user_id',
        '"user_account"("id")',
      ],
      [
        'message_thread_participant',
        'message_thread_participant_thread_fk',
        'thread_id',
        '"message_thread"("id")',
      ],
    ];
    for (const [table, name, column, references] of foreignKeys) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES ${references} ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    }

    // What is sent stays as sent: the application role may not change or remove a message,
    // nor remove a delivery, an addressed person or a participant (receipts and cursors are
    // UPDATEs of their own rows). Only the outbox, a queue, loses its rows once they are done.
    await revokeFromApplication(queryRunner, [
      { objects: [...MESSAGE_RECORDS.map(table), table('message_outbox')], revoke: ['TRUNCATE'] },
      { objects: MESSAGE_RECORDS.map(table), revoke: ['DELETE'] },
      { objects: [table('message'), table('message_thread_participant')], revoke: ['UPDATE'] },
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "message_thread_participant"`);
    await queryRunner.query(`DROP TABLE "message_recipient"`);
    await queryRunner.query(`DROP TABLE "message_outbox"`);
    await queryRunner.query(`DROP TYPE "public"."message_outbox_status"`);
    await queryRunner.query(`DROP TABLE "message_delivery"`);
    await queryRunner.query(`DROP TABLE "message"`);
    await queryRunner.query(`DROP TYPE "public"."handling_code"`);
    await queryRunner.query(`DROP TYPE "public"."message_priority"`);
    await queryRunner.query(`DROP TYPE "public"."message_category"`);
    await queryRunner.query(`DROP TABLE "message_thread"`);
    await queryRunner.query(`DROP TYPE "public"."thread_addressing"`);
    await queryRunner.query(`DROP TYPE "public"."thread_kind"`);
  }
}
