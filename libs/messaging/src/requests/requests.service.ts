import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import type { RequestOrigin } from '@fpn/identity';
import { DataSource } from 'typeorm';
import { actorRoleOf, isSecretariatCaller, type MessagingCaller } from '../caller/messaging-caller';
import { requestStateStatus, type RequestStateStatus } from './request-status';

export interface RequestStateView {
  memberStateCode: string;
  status: RequestStateStatus;
  /** When someone of the state first acknowledged it. */
  acknowledgedAt: Date | null;
  answeredAt: Date | null;
  answerMessageId: string | null;
  /** Answered by the due date; null while unanswered. */
  answeredOnTime: boolean | null;
  remindedAt: Date | null;
  overdueNotifiedAt: Date | null;
  escalatedAt: Date | null;
}

export interface RequestView {
  messageId: string;
  networkKey: string;
  directlyAccessible: boolean;
  sentAt: Date;
  dueAt: Date;
  dueChosenBySender: boolean;
  closedAt: Date | null;
  /** Every addressed state for the sender and the Secretariat; one's own state for anyone else. */
  states: RequestStateView[];
}

interface RequestRow {
  messageId: string;
  networkKey: string;
  directlyAccessible: boolean;
  sentAt: Date;
  dueAt: Date;
  dueChosenBySender: boolean;
  closedAt: Date | null;
  senderUserId: string;
  senderCredentialId: string | null;
}

/** A request's status per state, and closing it (docs/messaging.md, "Requests for assistance"). */
@Injectable()
export class Requests {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /**
   * The sender (the account, or the ministry system that sent it) and the
   * Secretariat see every state; an addressed person of a state, or its
   * coordinator, sees their own state's row. Anyone else: NOT_FOUND.
   */
  async status(caller: MessagingCaller, messageId: string): Promise<RequestView> {
    const request = await this.find(messageId);
    let only: string | null = null;
    if (!this.isSender(caller, request) && !isSecretariatCaller(caller)) {
      only = await this.ownState(caller, messageId);
      if (!only) throw new NotFoundError('Request', messageId);
    }
    const now = this.clock.now();
    const states = await this.dataSource.query<
      Omit<RequestStateView, 'status' | 'answeredOnTime'>[]
    >(
      `SELECT s.member_state_code AS "memberStateCode",
              (SELECT min(r.acknowledged_at) FROM message_recipient r
                WHERE r.message_id = s.message_id
                  AND r.member_state_code = s.member_state_code) AS "acknowledgedAt",
              s.answered_at AS "answeredAt", s.answer_message_id AS "answerMessageId",
              s.reminded_at AS "remindedAt", s.overdue_notified_at AS "overdueNotifiedAt",
              e.escalated_at AS "escalatedAt"
         FROM message_request_state s
         LEFT JOIN message_escalation e
           ON e.message_id = s.message_id AND e.member_state_code = s.member_state_code
        WHERE s.message_id = $1 AND ($2::bpchar IS NULL OR s.member_state_code = $2)
        ORDER BY s.member_state_code`,
      [messageId, only],
    );
    return {
      messageId,
      networkKey: request.networkKey,
      directlyAccessible: request.directlyAccessible,
      sentAt: request.sentAt,
      dueAt: request.dueAt,
      dueChosenBySender: request.dueChosenBySender,
      closedAt: request.closedAt,
      states: states.map((state) => ({
        ...state,
        status: requestStateStatus(state, request, now),
        answeredOnTime: state.answeredAt
          ? state.answeredAt.getTime() <= request.dueAt.getTime()
          : null,
      })),
    };
  }

  /** The sender closes the request: no more reminders or escalation. Idempotent. */
  async close(
    caller: MessagingCaller,
    messageId: string,
    origin: RequestOrigin,
  ): Promise<RequestView> {
    const request = await this.find(messageId);
    if (!this.isSender(caller, request)) {
      if (isSecretariatCaller(caller) || (await this.ownState(caller, messageId))) {
        throw new DomainError(ErrorCode.Forbidden, 'Only the sender closes a request');
      }
      throw new NotFoundError('Request', messageId);
    }
    await this.dataSource.transaction(async (manager) => {
      const closed = await manager.query<unknown[]>(
        `UPDATE message_request SET closed_at = $2
          WHERE message_id = $1 AND closed_at IS NULL RETURNING message_id`,
        [messageId, this.clock.now()],
      );
      if (closed.length === 0) return;
      await this.audit.record(manager, {
        type: AuditEventType.REQUEST_CLOSED,
        actorId: caller.userId,
        actorRole: actorRoleOf(caller),
        subjectType: 'message',
        subjectId: messageId,
        memberState: caller.memberStateCode,
        ip: origin.ip ?? null,
        requestId: origin.requestId ?? null,
        details: caller.kind === 'credential' ? { apiCredentialId: caller.credentialId } : {},
      });
    });
    return this.status(caller, messageId);
  }

  private async find(messageId: string): Promise<RequestRow> {
    const [request] = await this.dataSource.query<RequestRow[]>(
      `SELECT q.message_id AS "messageId", n.key AS "networkKey",
              q.directly_accessible AS "directlyAccessible", q.sent_at AS "sentAt",
              q.due_at AS "dueAt", q.due_chosen_by_sender AS "dueChosenBySender",
              q.closed_at AS "closedAt", m.sender_user_id AS "senderUserId",
              m.sender_credential_id AS "senderCredentialId"
         FROM message_request q
         JOIN message m ON m.id = q.message_id
         JOIN network n ON n.id = q.network_id
        WHERE q.message_id = $1`,
      [messageId],
    );
    if (!request) throw new NotFoundError('Request', messageId);
    return request;
  }

  private isSender(caller: MessagingCaller, request: RequestRow): boolean {
    return caller.kind === 'credential'
      ? request.senderCredentialId === caller.credentialId
      : request.senderUserId === caller.userId;
  }

  /** The caller's state, if it is addressed and the caller is one of its addressed people or a coordinator of it. */
  private async ownState(caller: MessagingCaller, messageId: string): Promise<string | null> {
    const state = caller.memberStateCode;
    if (!state) return null;
    const coordinator = caller.kind === 'account' && caller.role === 'STATE_COORDINATOR';
    const [row] = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM message_request_state s
        WHERE s.message_id = $1 AND s.member_state_code = $2
          AND ($4 OR EXISTS (SELECT 1 FROM message_recipient r
                               WHERE r.message_id = s.message_id AND r.user_id = $3))`,
      [messageId, state, caller.userId, coordinator],
    );
    return row ? state : null;
  }
}
