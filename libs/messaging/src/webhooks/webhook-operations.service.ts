import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { AppConfig } from '@fpn/config';
import { Clock } from '@fpn/core';
import type { Principal, RequestOrigin } from '@fpn/identity';
import { QueueName, QueueProducer } from '@fpn/queue';
import { DataSource } from 'typeorm';
import { webhookJobId } from './webhook-schedule';

export interface WebhookDeliveryCounts {
  pending: number;
  failed: number;
  delivered: number;
  oldestPendingSince: Date | null;
  /** Failed deliveries per class of their last error (HTTP_500, TIMEOUT, PRIVATE_TARGET…). */
  failedByError: { error: string; count: number }[];
}

/** For Secretariat administrators: webhook deliveries counted — never content, never addresses. */
@Injectable()
export class WebhookOperations {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly queue: QueueProducer,
  ) {}

  async counts(): Promise<WebhookDeliveryCounts> {
    const [totals] = await this.dataSource.query<Omit<WebhookDeliveryCounts, 'failedByError'>[]>(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
              min(created_at) FILTER (WHERE status = 'pending') AS "oldestPendingSince"
         FROM webhook_delivery`,
    );
    const failedByError = await this.dataSource.query<{ error: string; count: number }[]>(
      `SELECT coalesce(last_error, 'UNKNOWN') AS error, count(*)::int AS count
         FROM webhook_delivery WHERE status = 'failed'
        GROUP BY 1 ORDER BY 2 DESC, 1`,
    );
    return { ...totals, failedByError };
  }

  /**
   * Every failed delivery pending again, due now, with a new retry window,
   * and its first attempt queued after commit (were Redis down, the sweeper
   * queues it). Returns how many.
   */
  async retryFailed(actor: Principal, origin: RequestOrigin): Promise<number> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.webhooks.retryHours * 3_600_000);
    const ids = await this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE webhook_delivery
            SET status = 'pending', failed_at = NULL, attempts = 0,
                next_attempt_at = $1, expires_at = $2
          WHERE status = 'failed'
          RETURNING id`,
        [now, expiresAt],
      )) as [{ id: string }[], number];
      const retried = rows.length;
      if (retried === 0) return [];
      await this.audit.record(manager, {
        type: AuditEventType.WEBHOOK_DELIVERIES_RETRIED,
        actorId: actor.user.id,
        actorRole: actor.user.role,
        ip: origin.ip ?? null,
        requestId: origin.requestId ?? null,
        details: { deliveries: retried },
      });
      return rows.map((row) => row.id);
    });
    for (const id of ids) {
      await this.queue
        .add(
          QueueName.Webhooks,
          'deliver',
          { deliveryId: id, attempt: 1 },
          { jobId: webhookJobId(id, 1), removeOnComplete: true, removeOnFail: true },
        )
        .catch(() => undefined);
    }
    return ids.length;
  }
}
