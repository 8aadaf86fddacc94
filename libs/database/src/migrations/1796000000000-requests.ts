import type { MigrationInterface, QueryRunner } from 'typeorm';
import { revokeFromApplication, table } from './privileges';

/**
 * Requests for assistance (libs/messaging/src/requests, docs/messaging.md):
 * each network's deadlines and escalation times, requests with their due
 * date, each addressed state's answer and reminders, escalations (once per
 * message and state) and handovers (once per request and departed person).
 */
export class Requests1796000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "network_request_policy" ("network_id" uuid NOT NULL, "urgent_direct_minutes" integer NOT NULL, "urgent_indirect_minutes" integer NOT NULL, "routine_minutes" integer NOT NULL, "flash_escalation_minutes" integer NOT NULL, "urgent_escalation_minutes" integer NOT NULL, "request_escalation_minutes" integer NOT NULL, "updated_by" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "network_request_policy_pk" PRIMARY KEY ("network_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "message_request" ("message_id" character varying(128) NOT NULL, "network_id" uuid NOT NULL, "directly_accessible" boolean NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_chosen_by_sender" boolean NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "message_request_pk" PRIMARY KEY ("message_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "message_request_state" ("message_id" character varying(128) NOT NULL, "member_state_code" character(2) NOT NULL, "answered_at" TIMESTAMP WITH TIME ZONE, "answer_message_id" character varying(128), "reminded_at" TIMESTAMP WITH TIME ZONE, "overdue_notified_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "message_request_state_pk" PRIMARY KEY ("message_id", "member_state_code"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "message_request_state_unanswered_idx" ON "message_request_state"  ("message_id") WHERE answered_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "message_escalation" ("message_id" character varying(128) NOT NULL, "member_state_code" character(2) NOT NULL, "escalated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "notified" integer NOT NULL, CONSTRAINT "message_escalation_pk" PRIMARY KEY ("message_id", "member_state_code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "message_request_handover" ("message_id" character varying(128) NOT NULL, "from_user_id" uuid NOT NULL, "member_state_code" character(2) NOT NULL, "to_user_ids" uuid array NOT NULL, "handed_over_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "message_request_handover_pk" PRIMARY KEY ("message_id", "from_user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_request_policy" ADD CONSTRAINT "network_request_policy_network_fk" FOREIGN KEY ("network_id") REFERENCES "network"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "message_request" ADD CONSTRAINT "message_request_message_fk" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "message_request_state" ADD CONSTRAINT "message_request_state_request_fk" FOREIGN KEY ("message_id") REFERENCES "message_request"("message_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "message_escalation" ADD CONSTRAINT "message_escalation_message_fk" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "message_request_handover" ADD CONSTRAINT "message_request_handover_request_fk" FOREIGN KEY ("message_id") REFERENCES "message_request"("message_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The default privileges gave the application role every DML privilege.
    // It never deletes here; escalations and handovers are written once.
    await revokeFromApplication(queryRunner, [
      {
        objects: [
          table('network_request_policy'),
          table('message_request'),
          table('message_request_state'),
          table('message_escalation'),
          table('message_request_handover'),
        ],
        revoke: ['TRUNCATE', 'DELETE'],
      },
      {
        objects: [table('message_escalation'), table('message_request_handover')],
        revoke: ['UPDATE'],
      },
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "message_request_handover"`);
    await queryRunner.query(`DROP TABLE "message_escalation"`);
    await queryRunner.query(`DROP TABLE "message_request_state"`);
    await queryRunner.query(`DROP TABLE "message_request"`);
    await queryRunner.query(`DROP TABLE "network_request_policy"`);
  }
}
