import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import type { RequestOrigin } from '@fpn/identity';
import { DataSource, type EntityManager } from 'typeorm';
import { actorRoleOf, isSecretariatCaller, type MessagingCaller } from '../caller/messaging-caller';
import { MessageRecipientEntity } from '../entities/message-recipient.entity';
import { MessageEntity } from '../entities/message.entity';
import { decodeDeliveryCursor } from '../reading/cursors';
import { visibilityOf, visibleMessage } from '../reading/message-visibility';
import { DeliveryConfirmations } from './delivery-confirmations';

export const MAX_MARK_READ = 500;

/** How a message fares in one member state (Secretariat accounts count under SECRETARIAT). */
export interface StateDeliveryCounts {
  memberStateCode: string;
  recipients: number;
  delivered: number;
  acknowledged: number;
  read: number;
}

/**
 * Receipts, kept apart: a device confirms it received (delivered, up to a
 * cursor); a person acknowledges (what escalation waits for — a device left
 * online never does) and reads. The sender and the Secretariat see them
 * counted per state.
 */
@Injectable()
export class Receipts {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly confirmations: DeliveryConfirmations,
  ) {}

  /**
   * Confirms the device's deliveries up to the cursor (the caller must
   * receive on it); returns how many were unconfirmed. Written with the
   * confirmations of other devices that arrive meanwhile
   * (delivery-confirmations.ts).
   */
  async confirmDelivery(caller: MessagingCaller, deviceId: string, upTo: string): Promise<number> {
    return this.confirmations.confirm(caller, deviceId, decodeDeliveryCursor(upTo, 'upTo'));
  }

  /**
   * The person acknowledges a message addressed to them; idempotent, returns
   * when they first did. Audited the first time. Anyone else's: NOT_FOUND.
   */
  async acknowledge(
    caller: MessagingCaller,
    messageId: string,
    origin: RequestOrigin,
  ): Promise<Date> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const mine = await this.addressedTo(manager, caller, [messageId]);
      if (mine.length === 0) throw new NotFoundError('Message', messageId);
      const [rows] = (await manager.query(
        `UPDATE message_recipient SET acknowledged_at = $3
          WHERE message_id = $1 AND user_id = $2 AND acknowledged_at IS NULL
          RETURNING acknowledged_at`,
        [messageId, caller.userId, now],
      )) as [{ acknowledged_at: Date }[], number];
      if (rows.length === 0) {
        const [{ acknowledged_at }] = await manager.query<{ acknowledged_at: Date }[]>(
          'SELECT acknowledged_at FROM message_recipient WHERE message_id = $1 AND user_id = $2',
          [messageId, caller.userId],
        );
        return acknowledged_at;
      }
      await this.audit.record(manager, {
        type: AuditEventType.MESSAGE_ACKNOWLEDGED,
        actorId: caller.userId,
        actorRole: actorRoleOf(caller),
        subjectType: 'message',
        subjectId: messageId,
        memberState: caller.memberStateCode,
        ip: origin.ip ?? null,
        requestId: origin.requestId ?? null,
        details: caller.kind === 'credential' ? { apiCredentialId: caller.credentialId } : {},
      });
      return rows[0].acknowledged_at;
    });
  }

  /** Marks these messages read by the caller; returns how many were unread. Others' count 0. */
  async markRead(caller: MessagingCaller, messageIds: string[]): Promise<number> {
    if (messageIds.length > MAX_MARK_READ) {
      throw new DomainError(ErrorCode.BadUserInput, `at most ${MAX_MARK_READ} ids at once`, {
        field: 'messageIds',
      });
    }
    const ids = await this.addressedTo(this.dataSource.manager, caller, messageIds);
    if (ids.length === 0) return 0;
    const [, marked] = (await this.dataSource.query(
      `UPDATE message_recipient SET read_at = $3
        WHERE user_id = $1 AND message_id = ANY($2::varchar[]) AND read_at IS NULL`,
      [caller.userId, ids, this.clock.now()],
    )) as [unknown, number];
    return marked;
  }

  /**
   * Per addressed state: people, how many had a device confirm delivery,
   * acknowledged, read. The sender (the account, or the ministry system
   * that sent it) and the Secretariat; a recipient is FORBIDDEN, anyone
   * else NOT_FOUND.
   */
  async status(caller: MessagingCaller, messageId: string): Promise<StateDeliveryCounts[]> {
    const message = await this.dataSource.manager.findOne(MessageEntity, {
      where: { id: messageId },
      select: { id: true, senderUserId: true, senderCredentialId: true },
    });
    if (!message) throw new NotFoundError('Message', messageId);
    const sender =
      caller.kind === 'credential'
        ? message.senderCredentialId === caller.credentialId
        : message.senderUserId === caller.userId;
    if (!sender && !isSecretariatCaller(caller)) {
      const visible = await this.addressedTo(this.dataSource.manager, caller, [messageId]);
      if (visible.length === 0) throw new NotFoundError('Message', messageId);
      throw new DomainError(
        ErrorCode.Forbidden,
        'Only the sender and the Secretariat see how a message fares',
      );
    }
    return this.dataSource.query<StateDeliveryCounts[]>(
      `SELECT coalesce(r.member_state_code::text, 'SECRETARIAT') AS "memberStateCode",
              count(*)::int AS recipients,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM message_delivery_state d
                 WHERE d.message_id = r.message_id AND d.user_id = r.user_id
                   AND d.confirmed))::int AS delivered,
              count(r.acknowledged_at)::int AS acknowledged,
              count(r.read_at)::int AS read
         FROM message_recipient r
        WHERE r.message_id = $1
        GROUP BY 1
        ORDER BY 1`,
      [messageId],
    );
  }

  /**
   * Of these message ids, those addressed to the caller's account — for a
   * ministry system, only those its own device was sent.
   */
  private async addressedTo(
    manager: EntityManager,
    caller: MessagingCaller,
    messageIds: string[],
  ): Promise<string[]> {
    if (messageIds.length === 0) return [];
    const query = manager
      .createQueryBuilder()
      .select('r.message_id', 'id')
      .from(MessageRecipientEntity, 'r')
      .where('r.user_id = :userId AND r.message_id = ANY(:ids::varchar[])', {
        userId: caller.userId,
        ids: messageIds,
      });
    if (caller.kind === 'credential') {
      const visible = visibleMessage(await visibilityOf(manager, caller), 'r_m');
      query
        .innerJoin(MessageEntity, 'r_m', 'r_m.id = r.message_id')
        .andWhere(visible.sql, visible.params);
    }
    return (await query.getRawMany<{ id: string }>()).map((row) => row.id);
  }
}
