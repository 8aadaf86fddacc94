import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@fpn/config';
import { Clock } from '@fpn/core';
import { DeviceEntity, DeviceModel } from '@fpn/keys';
import { DataSource } from 'typeorm';
import { failureCode } from '../delivery/delivery-failures.service';
import { messageEventOf } from '../delivery/message-events';
import { MessageEntity } from '../entities/message.entity';
import { encodeDeliveryCursor } from '../reading/cursors';
import { WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookHttp } from './webhook-http';
import { webhookBackoffMs } from './webhook-schedule';
import { WebhookSecrets } from './webhook-secrets';
import { signedWebhookHeaders } from './webhook-signature';
import { checkWebhookTarget, resolveHost } from './webhook-targets';

export type WebhookAttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'skipped';

interface ClaimedDelivery {
  id: string;
  webhook_id: string;
  message_id: string;
  message_delivery_id: string;
  attempts: number;
  next_attempt_at: Date;
  expires_at: Date;
}

/**
 * One attempt of one webhook delivery. It is claimed first (the attempt
 * counted, the next one scheduled by the injected clock), so a worker that
 * dies mid-POST is retried by the sweeper at the next time. The body is what
 * the device's inbox would show: the cursor and the message with its
 * envelope — ciphertext, never content. A 2xx confirms delivery of that one
 * message to the bound device, as `confirmDelivery` would.
 */
@Injectable()
export class WebhookAttempts {
  private readonly logger = new Logger(WebhookAttempts.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly secrets: WebhookSecrets,
    private readonly http: WebhookHttp,
  ) {}

  async attempt(deliveryId: string, attempt: number): Promise<WebhookAttemptOutcome> {
    const now = this.clock.now();
    const [[claimed]] = (await this.dataSource.query(
      `UPDATE webhook_delivery
          SET attempts = attempts + 1,
              next_attempt_at = $3::timestamptz + make_interval(secs => $4 / 1000.0)
        WHERE id = $1 AND status = 'pending' AND attempts = $2 - 1
          AND next_attempt_at <= $3 AND expires_at > $3
        RETURNING id, webhook_id, message_id, message_delivery_id, attempts,
                  next_attempt_at, expires_at`,
      [deliveryId, attempt, now, webhookBackoffMs(attempt, this.config.webhooks.backoffSeconds)],
    )) as [ClaimedDelivery[], number];
    if (!claimed) return 'skipped';
    let status: number | null = null;
    let error: unknown = null;
    try {
      status = await this.post(claimed, now);
    } catch (caught) {
      error = caught;
    }
    if (status !== null && status >= 200 && status < 300) {
      await this.delivered(claimed);
      return 'delivered';
    }
    const code = status !== null ? `HTTP_${status}` : failureCode(error);
    return this.failedAttempt(claimed, code);
  }

  private async post(delivery: ClaimedDelivery, now: Date): Promise<number> {
    const rows = await this.dataSource.query<
      {
        url: string;
        secret_sealed: string;
        revoked_at: Date | null;
        expires_at: Date;
        device_id: string;
      }[]
    >(
      `SELECT w.url, w.secret_sealed, c.revoked_at, c.expires_at, md.device_id
         FROM webhook w
         JOIN api_credential c ON c.id = w.api_credential_id
         JOIN message_delivery md ON md.id = $2
        WHERE w.id = $1`,
      [delivery.webhook_id, delivery.message_delivery_id],
    );
    const [webhook] = rows;
    if (!webhook || webhook.revoked_at) {
      throw Object.assign(new Error('credential revoked'), { code: 'CREDENTIAL_REVOKED' });
    }
    if (webhook.expires_at <= now) {
      throw Object.assign(new Error('credential expired'), { code: 'CREDENTIAL_EXPIRED' });
    }
    const message = await this.dataSource.manager.findOneByOrFail(MessageEntity, {
      id: delivery.message_id,
    });
    const senderDevice = await this.dataSource.manager.findOneByOrFail(DeviceEntity, {
      deviceId: message.senderDeviceId,
    });
    const body = JSON.stringify({
      type: 'message',
      deliveryId: delivery.id,
      deviceId: webhook.device_id,
      cursor: encodeDeliveryCursor(delivery.message_delivery_id),
      message: { ...messageEventOf(message), senderDevice: DeviceModel.fromEntity(senderDevice) },
    });
    const secret = this.secrets.open(webhook.secret_sealed, delivery.webhook_id);
    // Checked again now: the name may resolve elsewhere than when it was registered.
    const target = await checkWebhookTarget(webhook.url, {
      allowPrivateTargets: this.config.webhooks.allowPrivateTargets,
      resolve: resolveHost,
    });
    const headers = signedWebhookHeaders(secret, now, body, {
      id: delivery.id,
      attempt: delivery.attempts,
    });
    return this.http.post(target, headers, body, this.config.webhooks.timeoutMs);
  }

  private async delivered(delivery: ClaimedDelivery): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE webhook_delivery SET status = $2, delivered_at = $3, last_error = NULL
          WHERE id = $1`,
        [delivery.id, WebhookDeliveryStatus.DELIVERED, now],
      );
      await manager.query(
        `UPDATE message_delivery SET delivered_at = $2 WHERE id = $1 AND delivered_at IS NULL`,
        [delivery.message_delivery_id, now],
      );
    });
  }

  /** Keeps the error class; past the window the delivery is `failed`, for operators to see. */
  private async failedAttempt(
    delivery: ClaimedDelivery,
    code: string,
  ): Promise<WebhookAttemptOutcome> {
    const now = this.clock.now();
    const gaveUp = delivery.next_attempt_at >= delivery.expires_at;
    await this.dataSource.query(
      `UPDATE webhook_delivery
          SET last_error = $2,
              status = CASE WHEN $3 THEN 'failed'::webhook_delivery_status ELSE status END,
              failed_at = CASE WHEN $3 THEN $4::timestamptz ELSE failed_at END
        WHERE id = $1 AND status = 'pending'`,
      [delivery.id, code, gaveUp, now],
    );
    this.logger.warn(
      { webhookDeliveryId: delivery.id, attempt: delivery.attempts, err: code },
      gaveUp ? 'webhook delivery gave up; kept as failed' : 'webhook delivery failed; will retry',
    );
    return gaveUp ? 'failed' : 'retrying';
  }
}
