import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { DomainError, ErrorCode } from '@fpn/core';
import { DataSource, type EntityManager } from 'typeorm';
import type { AudienceMember } from '../addressing/message-audience.service';
import { actorRoleOf, type MessagingCaller } from '../caller/messaging-caller';
import { MessageCategory, type MessagePriority } from '../entities/messaging-enums';
import { RequestPolicies } from './request-policies.service';
import { requestDueDate } from './request-policy';

/** What a send says about requests, beside the envelope (SendMessageInput). */
export interface RequestFlags {
  /** Only on a request: the information is directly accessible to the requested authority. */
  directlyAccessible?: boolean | null;
  /** Only on a reply: this message is the caller's state's answer to the thread's request. */
  isAnswer?: boolean | null;
}

/** What the send's transaction writes for requests, decided before anything is written. */
export type RequestWrite =
  | {
      kind: 'open';
      networkId: string;
      directlyAccessible: boolean;
      dueAt: Date;
      dueChosenBySender: boolean;
      memberStateCodes: string[];
    }
  | { kind: 'answer'; requestId: string; memberStateCode: string };

const refuse = (message: string, field: string, reason: string): never => {
  throw new DomainError(ErrorCode.BadUserInput, message, { field, reason });
};

/**
 * Requests at send time (docs/messaging.md, "Requests for assistance"): a
 * REQUEST_FOR_ASSISTANCE message that is not a reply, in a network thread,
 * opens a request with a due date and one row per addressed state other than
 * the sender's; a reply flagged `isAnswer` answers the thread's request for
 * the caller's state. Every check runs before the send writes anything.
 */
@Injectable()
export class RequestIntake {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: RequestPolicies,
    private readonly audit: AuditService,
  ) {}

  async prepare(
    caller: MessagingCaller,
    send: RequestFlags & {
      threadId: string;
      /** The thread's network: known for a new thread, else read. */
      networkId: string | null | undefined;
      inReplyTo: string | null;
      category: MessageCategory;
      priority: MessagePriority;
      signedDueDate: Date | null;
      members: AudienceMember[];
      now: Date;
    },
  ): Promise<RequestWrite | null> {
    const directlyAccessible = send.directlyAccessible ?? null;
    if (send.isAnswer) {
      if (directlyAccessible !== null) {
        refuse(
          'An answer is not a request: drop directlyAccessible',
          'directlyAccessible',
          'NOT_A_REQUEST',
        );
      }
      return this.answer(caller, send);
    }
    const isRequest =
      send.category === MessageCategory.REQUEST_FOR_ASSISTANCE && send.inReplyTo === null;
    if (!isRequest) {
      if (directlyAccessible !== null) {
        refuse(
          'directlyAccessible belongs to a request for assistance that is not a reply',
          'directlyAccessible',
          'NOT_A_REQUEST',
        );
      }
      return null;
    }
    const networkId =
      send.networkId === undefined ? await this.networkOf(send.threadId) : send.networkId;
    // A request outside a network (a direct thread) is a message like any other.
    if (!networkId) return null;
    const policy = await this.policies.forNetwork(this.dataSource.manager, networkId);
    const { dueAt, chosenBySender } = requestDueDate(
      policy,
      {
        priority: send.priority,
        directlyAccessible: directlyAccessible ?? false,
        signedDueDate: send.signedDueDate,
      },
      send.now,
    );
    const memberStateCodes = [
      ...new Set(
        send.members.flatMap((m) =>
          m.memberStateCode && m.memberStateCode !== caller.memberStateCode
            ? [m.memberStateCode]
            : [],
        ),
      ),
    ].sort();
    return {
      kind: 'open',
      networkId,
      directlyAccessible: directlyAccessible ?? false,
      dueAt,
      dueChosenBySender: chosenBySender,
      memberStateCodes,
    };
  }

  /** In the send's transaction, after the message row. */
  async record(
    manager: EntityManager,
    caller: MessagingCaller,
    write: RequestWrite,
    message: { id: string; sentAt: Date },
  ): Promise<void> {
    if (write.kind === 'open') {
      await manager.query(
        `INSERT INTO message_request (message_id, network_id, directly_accessible, sent_at, due_at,
                                      due_chosen_by_sender)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          message.id,
          write.networkId,
          write.directlyAccessible,
          message.sentAt,
          write.dueAt,
          write.dueChosenBySender,
        ],
      );
      await manager.query(
        `INSERT INTO message_request_state (message_id, member_state_code)
         SELECT $1, code FROM unnest($2::bpchar[]) AS code`,
        [message.id, write.memberStateCodes],
      );
      await this.audit.record(manager, {
        type: AuditEventType.REQUEST_OPENED,
        actorId: caller.userId,
        actorRole: actorRoleOf(caller),
        subjectType: 'message',
        subjectId: message.id,
        memberState: caller.memberStateCode,
        details: {
          dueAt: write.dueAt.toISOString(),
          dueChosenBySender: write.dueChosenBySender,
          directlyAccessible: write.directlyAccessible,
          memberStates: write.memberStateCodes,
        },
      });
      return;
    }
    // The first answer of a state counts; a later one is just a message.
    const answered = await manager.query<{ on_time: boolean }[]>(
      `UPDATE message_request_state s SET answered_at = $3, answer_message_id = $4
         FROM message_request q
        WHERE s.message_id = $1 AND s.member_state_code = $2 AND s.answered_at IS NULL
          AND q.message_id = s.message_id
        RETURNING $3 <= q.due_at AS on_time`,
      [write.requestId, write.memberStateCode, message.sentAt, message.id],
    );
    if (answered.length === 0) return;
    await this.audit.record(manager, {
      type: AuditEventType.REQUEST_ANSWERED,
      actorId: caller.userId,
      actorRole: actorRoleOf(caller),
      subjectType: 'message',
      subjectId: write.requestId,
      memberState: write.memberStateCode,
      details: { answerMessageId: message.id, onTime: answered[0].on_time },
    });
  }

  /**
   * The request a flagged reply answers: the message it replies to if that is
   * a request, else the thread's latest request. The caller's state must be
   * one it addresses, and the sender must not have closed it.
   */
  private async answer(
    caller: MessagingCaller,
    send: { threadId: string; inReplyTo: string | null },
  ): Promise<RequestWrite> {
    if (!send.inReplyTo) {
      return refuse('Only a reply can be flagged as the answer', 'isAnswer', 'ANSWER_NOT_A_REPLY');
    }
    const [request] = await this.dataSource.query<{ id: string; closed_at: Date | null }[]>(
      `SELECT q.message_id AS id, q.closed_at FROM message_request q
         JOIN message m ON m.id = q.message_id
        WHERE m.thread_id = $1
        ORDER BY (q.message_id = $2) DESC, m.seq DESC
        LIMIT 1`,
      [send.threadId, send.inReplyTo],
    );
    if (!request) {
      return refuse('There is no request in this thread to answer', 'isAnswer', 'NO_REQUEST');
    }
    const state = caller.memberStateCode;
    const [addressed] = state
      ? await this.dataSource.query<unknown[]>(
          'SELECT 1 FROM message_request_state WHERE message_id = $1 AND member_state_code = $2',
          [request.id, state],
        )
      : [];
    if (!addressed) {
      return refuse(
        'Only a state the request is addressed to answers it',
        'isAnswer',
        'NOT_AN_ADDRESSED_STATE',
      );
    }
    if (request.closed_at) {
      throw new DomainError(ErrorCode.Conflict, 'The sender closed this request', {
        field: 'isAnswer',
        reason: 'REQUEST_CLOSED',
      });
    }
    return { kind: 'answer', requestId: request.id, memberStateCode: state! };
  }

  private async networkOf(threadId: string): Promise<string | null> {
    const [thread] = await this.dataSource.query<{ network_id: string | null }[]>(
      'SELECT network_id FROM message_thread WHERE id = $1',
      [threadId],
    );
    return thread?.network_id ?? null;
  }
}
