import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { AppConfig } from '@fpn/config';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import type { AuthenticatedApiCredential, RequestOrigin } from '@fpn/identity';
import { DataSource, type EntityManager } from 'typeorm';
import { WebhookEntity } from './webhook.entity';
import { WebhookSecrets } from './webhook-secrets';
import { newWebhookSecret } from './webhook-signature';
import { checkWebhookTarget, resolveHost, WebhookTargetError } from './webhook-targets';

/** Webhooks one credential may hold: enough for a primary and a standby receiver. */
export const MAX_WEBHOOKS_PER_CREDENTIAL = 5;

export interface WebhookView {
  id: string;
  url: string;
  createdAt: Date;
  pendingDeliveries: number;
  failedDeliveries: number;
  lastError: string | null;
}

/**
 * A ministry system's own webhooks (docs/webhooks.md): registered, listed and
 * deleted by its API credential (WEBHOOKS_MANAGE), never another's.
 */
@Injectable()
export class Webhooks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly secrets: WebhookSecrets,
    private readonly audit: AuditService,
  ) {}

  /**
   * Checks the address (https, every resolved address public), then stores
   * it with a new secret, returned this once. The credential needs its bound
   * device: that is whose deliveries the webhook receives.
   */
  async register(
    credential: AuthenticatedApiCredential,
    url: string,
    origin: RequestOrigin,
  ): Promise<{ webhook: WebhookView; secret: string }> {
    try {
      await checkWebhookTarget(url, {
        allowPrivateTargets: this.config.webhooks.allowPrivateTargets,
        resolve: resolveHost,
      });
    } catch (error) {
      if (!(error instanceof WebhookTargetError)) throw error;
      throw new DomainError(ErrorCode.BadUserInput, 'This webhook address cannot be used', {
        field: 'url',
        reason: error.reason,
      });
    }
    const secret = newWebhookSecret();
    const webhook = await this.dataSource.transaction(async (manager) => {
      // One registration at a time per credential, so the limit holds.
      await manager.query('SELECT id FROM api_credential WHERE id = $1 FOR UPDATE', [
        credential.id,
      ]);
      const [device] = await manager.query<{ device_id: string }[]>(
        `SELECT device_id FROM device WHERE api_credential_id = $1 AND status = 'active'`,
        [credential.id],
      );
      if (!device) {
        throw new DomainError(
          ErrorCode.Conflict,
          'Bind a device to this API credential before registering a webhook',
          { reason: 'NO_BOUND_DEVICE' },
        );
      }
      const count = await manager.countBy(WebhookEntity, { apiCredentialId: credential.id });
      if (count >= MAX_WEBHOOKS_PER_CREDENTIAL) {
        throw new DomainError(ErrorCode.Conflict, 'This API credential has all its webhooks', {
          reason: 'WEBHOOK_LIMIT_REACHED',
          limit: MAX_WEBHOOKS_PER_CREDENTIAL,
        });
      }
      const id = randomUUID();
      const entity = manager.create(WebhookEntity, {
        id,
        apiCredentialId: credential.id,
        url,
        secretSealed: this.secrets.seal(secret, id),
        createdAt: this.clock.now(),
      });
      await manager.insert(WebhookEntity, entity);
      await this.record(manager, AuditEventType.WEBHOOK_REGISTERED, credential, entity, origin);
      return entity;
    });
    return {
      webhook: { ...this.viewOf(webhook), pendingDeliveries: 0, failedDeliveries: 0 },
      secret,
    };
  }

  async list(credential: AuthenticatedApiCredential): Promise<WebhookView[]> {
    const rows = await this.dataSource.query<
      (Omit<WebhookView, 'createdAt'> & { createdAt: Date })[]
    >(
      `SELECT w.id, w.url, w.created_at AS "createdAt",
              count(d.id) FILTER (WHERE d.status = 'pending')::int AS "pendingDeliveries",
              count(d.id) FILTER (WHERE d.status = 'failed')::int AS "failedDeliveries",
              (SELECT last.last_error FROM webhook_delivery last
                WHERE last.webhook_id = w.id AND last.last_error IS NOT NULL
                ORDER BY last.id DESC LIMIT 1) AS "lastError"
         FROM webhook w
         LEFT JOIN webhook_delivery d ON d.webhook_id = w.id
        WHERE w.api_credential_id = $1
        GROUP BY w.id
        ORDER BY w.created_at, w.id`,
      [credential.id],
    );
    return rows;
  }

  /** Deletes one of the credential's webhooks and its deliveries; another's is NOT_FOUND. */
  async delete(
    credential: AuthenticatedApiCredential,
    webhookId: string,
    origin: RequestOrigin,
  ): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const webhook = /^[0-9a-f-]{36}$/i.test(webhookId)
        ? await manager.findOneBy(WebhookEntity, { id: webhookId, apiCredentialId: credential.id })
        : null;
      if (!webhook) throw new NotFoundError('Webhook', webhookId);
      await manager.delete(WebhookEntity, { id: webhook.id });
      await this.record(manager, AuditEventType.WEBHOOK_DELETED, credential, webhook, origin);
      return webhook.id;
    });
  }

  private viewOf(webhook: WebhookEntity) {
    return { id: webhook.id, url: webhook.url, createdAt: webhook.createdAt, lastError: null };
  }

  private record(
    manager: EntityManager,
    type: AuditEventType,
    credential: AuthenticatedApiCredential,
    webhook: WebhookEntity,
    origin: RequestOrigin,
  ) {
    return this.audit.record(manager, {
      type,
      actorId: credential.createdBy,
      actorRole: 'API_CREDENTIAL',
      subjectType: 'webhook',
      subjectId: webhook.id,
      memberState: credential.memberStateCode,
      ip: origin.ip ?? null,
      requestId: origin.requestId ?? null,
      details: { apiCredentialId: credential.id, host: new URL(webhook.url).host },
    });
  }
}
