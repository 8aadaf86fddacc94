import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import type { Principal, RequestOrigin } from '@fpn/identity';
import { DataSource } from 'typeorm';
import { MESSAGE_OUTBOX_CHANNEL } from './outbox-relay.service';

export interface DeliveryQueueCounts {
  waiting: number;
  failed: number;
  oldestWaitingSince: Date | null;
}

/** For Secretariat administrators: the outbox counted — never a message's content or recipients. */
@Injectable()
export class DeliveryQueue {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async counts(): Promise<DeliveryQueueCounts> {
    const [row] = await this.dataSource.query<DeliveryQueueCounts[]>(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS waiting,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              min(created_at) FILTER (WHERE status = 'pending') AS "oldestWaitingSince"
         FROM message_outbox`,
    );
    return row;
  }

  /** Puts every failed message back in the queue (the relay picks them up at once); returns how many. */
  async retryFailed(actor: Principal, origin: RequestOrigin): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [, retried] = (await manager.query(
        `UPDATE message_outbox
            SET status = 'pending', relayed_at = NULL, failed_at = NULL
          WHERE status = 'failed'`,
      )) as [unknown, number];
      if (retried === 0) return 0;
      await manager.query(`SELECT pg_notify('${MESSAGE_OUTBOX_CHANNEL}', '')`);
      await this.audit.record(manager, {
        type: AuditEventType.MESSAGE_DELIVERIES_RETRIED,
        actorId: actor.user.id,
        actorRole: actor.user.role,
        ip: origin.ip ?? null,
        requestId: origin.requestId ?? null,
        details: { messages: retried },
      });
      return retried;
    });
  }
}
